/**
 * Where the training loop's batches come from: gathered on the device from the training set
 * kept resident there (when it fits, see fitsOnDevice), or drawn on the host and uploaded per
 * step. The source is made at the first step, not at start-up (the upload of the resident set
 * would delay 'ready'); the resident tensor is kept across new runs on the same data set and
 * replaced when the data set changes.
 */
import { type BatchSource, DeviceBatches, fitsOnDevice, HostBatches, residentBytes, residentImages } from '../core/batches';
import { IMAGE_SIZE } from '../core/model';
import * as tf from '../core/tf';
import type { Dataset } from '../data/load';
import type { BatchSampler } from '../data/sampler';

/** Whether a training set of `bytes` fits on the current backend's device. */
export function fitsCurrentDevice(bytes: number): boolean {
  const backend = tf.getBackend();
  // WebGPU: a storage buffer binding bounds one tensor (tfjs asks for the adapter's limit).
  const device = (tf.backend() as { device?: { limits?: { maxStorageBufferBindingSize?: number } } }).device;
  return fitsOnDevice(bytes, backend, {
    maxBindingBytes: device?.limits?.maxStorageBufferBindingSize,
    maxTextureSize: backend === 'webgl' ? tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE') : undefined,
  });
}

export class TrainingBatches {
  private batches: BatchSource | null = null;
  /** The training set on the device, for the data set it was made from. */
  private resident: { data: Dataset; images: tf.Tensor2D } | null = null;

  /** `keepOnDevice` decides whether a training set of that many bytes stays resident. */
  constructor(private readonly keepOnDevice: (bytes: number) => boolean) {}

  /** Bytes of the training set held on the device (0 when batches are uploaded per step). */
  get residentBytes(): number {
    return this.resident ? this.resident.images.size * 4 : 0;
  }

  /** The batch source for `sampler` over `data`, made at the first call after a change. */
  source(data: Dataset, sampler: BatchSampler): BatchSource {
    if (this.batches) return this.batches;
    if (this.resident && this.resident.data !== data) this.disposeResident();
    if (!this.resident) {
      if (this.keepOnDevice(residentBytes(data.nTrain, IMAGE_SIZE))) {
        this.resident = { data, images: residentImages(data.trainImages, IMAGE_SIZE) };
      }
    }
    this.batches = this.resident ? new DeviceBatches(sampler, this.resident.images) : new HostBatches(sampler);
    return this.batches;
  }

  /** A new sampler: the next step makes a new source (the resident set stays). */
  newSampler(): void {
    this.batches = null;
  }

  /** Frees the resident set now (a data set change, or the end). */
  disposeResident(): void {
    this.resident?.images.dispose();
    this.resident = null;
    this.batches = null;
  }
}
