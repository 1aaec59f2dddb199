// Entry point for the helpers the policies are built from (see pack.test.ts for why suites share entries).
import "./suites/cidr";
import "./suites/security-group-rules";
import "./suites/label-selectors";
import "./suites/urn";
import "./suites/resource-types";
import "./suites/kubernetes-scope";
