/**
 * game-environment: one game environment per stack (`<tier>.<env>`), defined by its registry file
 * `environments/<tier>/<env>.yaml` on top of the tier's platform stack. See environment/main.ts.
 */
import { resolve } from "node:path";
import { environmentStackProgram } from "./main";

export = environmentStackProgram({ root: resolve(__dirname, "..") });
