// The schedule families named after the library they mirror: `torch.stepLR`, ... (PyTorch 1.13's
// torch.optim.lr_scheduler, option names camelCased, the initial rate as `lr`).
import { reduceLROnPlateau } from './plateau.js';
import {
  constantLR, cosineAnnealingLR, cosineAnnealingWarmRestarts, cyclicLR, exponentialLR, linearLR, multiStepLR, oneCycleLR,
  polynomialLR, sequentialLR, stepLR,
} from './torch.js';

/**
 * PyTorch's learning-rate schedulers as lrkit schedules (value at step t = PyTorch's lr before the
 * t-th optimizer.step(), scheduler.step() after each), plus the stateful `reduceLROnPlateau`.
 *
 * @example
 * const lr = torch.stepLR({ lr: 0.1, stepSize: 30, gamma: 0.1 });
 * lr(29); // 0.1
 * lr(30); // ≈ 0.01
 */
export const torch = {
  stepLR, multiStepLR, constantLR, linearLR, exponentialLR, polynomialLR, cosineAnnealingLR, cosineAnnealingWarmRestarts,
  sequentialLR, cyclicLR, oneCycleLR, reduceLROnPlateau,
} as const;
