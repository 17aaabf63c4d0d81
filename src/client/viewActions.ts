/**
 * The latent views' requests: each asks the worker that answers interactive requests (the
 * drawing worker, see drawWorkerClient.interactiveApi) for one batched picture and resolves
 * with it (the pictures are large typed arrays, so they go to the canvas, not into the store).
 * Resolves null when no worker is connected or the request failed (the failure is reported).
 */
import type {
  GridRequest,
  GridResult,
  InterpolationRequest,
  InterpolationResult,
  MapRequest,
  MapResult,
  PriorRequest,
  PriorResult,
  TestDigitResult,
} from '../protocol/types';
import { connectedWorker, reportError } from './actions';
import { interactiveApi, type InteractiveApi } from './drawWorkerClient';

/** Asks the worker that answers interactive requests; null when none is connected or the request failed (reported). */
export async function askInteractive<T>(f: (a: InteractiveApi) => Promise<T>): Promise<T | null> {
  if (!(await connectedWorker())) return null;
  try {
    const api = await interactiveApi();
    return api ? await f(api) : null;
  } catch (e) {
    reportError(e);
    return null;
  }
}

export const requestGrid = (req: GridRequest): Promise<GridResult | null> => askInteractive((a) => a.decodeGrid(req));
export const requestTestMap = (req: MapRequest): Promise<MapResult | null> => askInteractive((a) => a.encodeTestMap(req));
export const requestPriorSamples = (req: PriorRequest): Promise<PriorResult | null> => askInteractive((a) => a.samplePrior(req));
export const requestInterpolation = (req: InterpolationRequest): Promise<InterpolationResult | null> => askInteractive((a) => a.interpolate(req));
export const requestTestDigit = (index: number): Promise<TestDigitResult | null> => askInteractive((a) => a.getTestDigit(index));
