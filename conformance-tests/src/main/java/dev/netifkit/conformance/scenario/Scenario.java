package dev.netifkit.conformance.scenario;

import java.util.List;
import java.util.Set;

/**
 * A parsed, fully validated {@code netif-scenario/1} file (SCENARIOS.md): what to set up, what to do, what to
 * check. Built by {@link ScenarioParser}; run by {@link ScenarioRunner}.
 *
 * @param file the file it was read from, as given
 * @param name the scenario's name
 * @param clauses the SPEC.md clause IDs it checks
 * @param backend datapath mode and settings (defaults filled in)
 * @param frontend the scripted frontend's setup
 * @param grants pages the frontend grants before connecting
 * @param steps the steps, in order
 * @param expect expectations checked after the last step
 * @param mentionedGrefs every gref number the file names anywhere (ring pages avoid them)
 */
public record Scenario(String file, String name, List<String> clauses, BackendSpec backend, FrontendSpec frontend,
                       List<GrantSpec> grants, List<Step> steps, List<Expectation> expect,
                       Set<Integer> mentionedGrefs) {

    /** The format this model holds. */
    public static final String FORMAT = "netif-scenario/1";

    /** Copies the collections. */
    public Scenario {
        clauses = List.copyOf(clauses);
        grants = List.copyOf(grants);
        steps = List.copyOf(steps);
        expect = List.copyOf(expect);
        mentionedGrefs = Set.copyOf(mentionedGrefs);
    }

    /**
     * The grant of a gref, if the scenario has one.
     *
     * @param gref a gref number
     * @return the grant, or null
     */
    public GrantSpec grant(int gref) {
        for (GrantSpec g : grants) {
            if (g.gref() == gref) {
                return g;
            }
        }
        return null;
    }
}
