/**
 * zod without eval: its object parser compiles a fast path with `new Function` and, before
 * that, probes whether eval is allowed; under the app's CSP (no 'unsafe-eval') the probe is
 * reported as a violation on every load even though zod catches it. Jitless mode skips both.
 * It must run before any schema is built (zod reads the setting when z.object is called), so
 * every module that builds schemas imports this one first.
 */
import { z } from 'zod';

z.config({ jitless: true });
