#!/usr/bin/python3
"""What a depth set lets a network learn: the scores of predictors that see no image.

  /usr/bin/python3 scripts/train/baselines.py --train-data build-training/scenes-v2/train \
      --val-data build-training/scenes-v2/val --train-limit 1500

  constant          one depth for every pixel of every image: exp(median log depth) of the
                    training pixels;
  pixel_prior       per pixel position, exp(mean log depth) over the training images (what
                    a network learns first: the ground below, far things at the horizon);
  pixel_prior_oracle_scale
                    the same, scaled per image by median(gt) / median(prior): the score it
                    would get if something told it each image's scale. A trained network
                    that scores no better than this has learnt the prior and the scale, not
                    the scene.

The metrics are the monodepth2 ones of depth_metrics.py on the held-out set. A set whose
images carry no metric cue (cameras of random field of view or mount height, textures of
random size) leaves the raw scores far above the oracle-scaled one however long a network
trains; docs/data.md ("Why one camera") has the measured numbers.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import depth_data  # noqa: E402
import depth_metrics  # noqa: E402

PRIOR_MIN_M = 0.05
PRIOR_MAX_M = 15.0


def scores(predict, depths):
    return depth_metrics.mean_metrics([depth_metrics.image_metrics(predict(g), g) for g in depths])


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train-data", required=True)
    p.add_argument("--val-data", required=True)
    p.add_argument("--train-limit", type=int, default=1500)
    p.add_argument("--val-limit", type=int, default=0)
    args = p.parse_args(argv)
    _, train = depth_data.load_scene_dir(args.train_data, args.train_limit or None)
    _, val = depth_data.load_scene_dir(args.val_data, args.val_limit or None)
    valid = train > 0
    log_depth = np.where(valid, np.log(np.clip(train, PRIOR_MIN_M, PRIOR_MAX_M)), 0.0)
    prior = np.exp(log_depth.sum(0) / np.maximum(valid.sum(0), 1)).astype(np.float32)
    constant = float(np.exp(np.median(log_depth[valid])))

    def oracle_scaled(gt):
        mask = gt > 0
        return prior * (np.median(gt[mask]) / np.median(prior[mask]))

    result = {"train_images": len(train), "val_images": len(val), "constant_m": constant,
              "constant": scores(lambda g: np.full_like(g, constant), val),
              "pixel_prior": scores(lambda g: prior, val),
              "pixel_prior_oracle_scale": scores(oracle_scaled, val)}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
