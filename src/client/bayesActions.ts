/**
 * The Bayesian-decoder panel's actions: its pictures are large typed arrays, so each request
 * resolves with the worker's answer for the panel's canvases (not the store); a failure is
 * reported and resolves null. The decoder-weights choice goes through the settings table like
 * every other setting (validated; a rebuild only when confirmed by the caller).
 */
import * as Comlink from 'comlink';
import type { DecoderWeights } from '../core/config';
import type {
  DecoderSamplesRequest,
  DecoderSamplesResult,
  SmallDataProgress,
  SmallDataRequest,
  SmallDataResult,
  SpreadGridRequest,
  SpreadGridResult,
  WeightStdResult,
} from '../protocol/bayes';
import { changeSetting, confirmRebuild, reportError, workerApi } from './actions';
import { askInteractive } from './viewActions';

async function ask<T>(f: (a: NonNullable<ReturnType<typeof workerApi>>) => Promise<T>): Promise<T | null> {
  const api = workerApi();
  if (!api) return null;
  try {
    return await f(api);
  } catch (e) {
    reportError(e);
    return null;
  }
}

// The views: the drawing worker answers them on its copy (see drawWorkerClient.interactiveApi).
export const requestDecoderSamples = (req: DecoderSamplesRequest): Promise<DecoderSamplesResult | null> => askInteractive((a) => a.bayesDecoderSamples(req));
export const requestWeightStds = (): Promise<WeightStdResult | null> => askInteractive((a) => a.bayesWeightStds());
export const requestSpreadGrid = (req: SpreadGridRequest): Promise<SpreadGridResult | null> => askInteractive((a) => a.bayesSpreadGrid(req));

/** Runs the small-data experiment (training pauses meanwhile); resolves null on failure. */
export function runSmallData(req: SmallDataRequest, onProgress: (p: SmallDataProgress) => void): Promise<SmallDataResult | null> {
  return ask((a) => a.bayesSmallData(req, Comlink.proxy(onProgress)));
}

export function cancelSmallData(): void {
  void workerApi()?.cancelBayesJob().catch(reportError);
}

/**
 * Builds a new network with point-estimate or variational decoder weights: a new run (the
 * caller has asked the person first when a trained model would be discarded).
 */
export function chooseDecoderWeights(choice: DecoderWeights): boolean {
  if (!changeSetting('decoderWeights', choice)) return false;
  confirmRebuild();
  return true;
}

/** The prior std α (a live setting); an invalid value is refused with a message and changes nothing. */
export function setWeightPriorStd(alpha: unknown): boolean {
  return changeSetting('weightPriorStd', alpha);
}
