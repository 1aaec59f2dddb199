// Entry point for the pack's behaviour. node --test runs every *.test.ts in a process of its own and
// loading the pack costs a second or more, so suites that need it share an entry point; each suite
// file under ./suites holds one concept.
import "./suites/policy-cases";
import "./suites/cluster-views";
import "./suites/exemptions";
import "./suites/compliant-stack";
import "./suites/coverage";
