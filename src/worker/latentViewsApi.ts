/**
 * The latent views as a worker's API, the same in both workers: each request runs one view
 * (see latentViews.ts) on the source `onModel` gives it, and its picture's buffers are
 * transferred, not copied. The drawing worker answers them on its copy of the model; the
 * training worker only when the drawing worker is off.
 */
import * as Comlink from 'comlink';
import type { LatentViewsApi } from '../protocol/types';
import * as latentViews from './latentViews';

/** Runs a view on the current model and test set (again, if the model was replaced meanwhile). */
export type OnModel = <T>(view: (src: latentViews.LatentViewSource) => Promise<T>) => Promise<T>;

export function latentViewRequests(onModel: OnModel): LatentViewsApi {
  return {
    async decodeGrid(req) {
      const r = await onModel((src) => latentViews.decodeGrid(src, req));
      return Comlink.transfer(r, [r.image.buffer]);
    },
    async encodeTestMap(req) {
      const r = await onModel((src) => latentViews.encodeTestMap(src, req));
      return Comlink.transfer(r, [r.points.buffer, r.cov.buffer, r.labels.buffer, r.axes.buffer]);
    },
    async samplePrior(req) {
      const r = await onModel((src) => latentViews.samplePrior(src, req));
      return Comlink.transfer(r, [r.image.buffer]);
    },
    async interpolate(req) {
      const r = await onModel((src) => latentViews.interpolate(src, req));
      return Comlink.transfer(r, [r.image.buffer]);
    },
    async getTestDigit(index) {
      const r = await onModel((src) => latentViews.getTestDigit(src, index));
      return Comlink.transfer(r, [r.image.buffer]);
    },
  };
}
