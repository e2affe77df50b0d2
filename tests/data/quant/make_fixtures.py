#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the fixtures of tests/core/quant/tst_dataset: tiny images with a known pattern (PIL), the
# preprocessed inputs expected from them (PyTorch's bilinear interpolate, align_corners=False, as
# the independent reference), and .npz archives made by numpy itself. Run with Debian's python3
# from this folder; the outputs are committed.
import numpy as np
import torch
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def pattern(height, width):
    y, x = np.mgrid[0:height, 0:width]
    return np.stack([(x * 37 + y * 11) % 256, (x * 5 + y * 53 + 100) % 256, (x * y * 17 + 3) % 256], axis=-1).astype(np.uint8)


def resize(hwc, height, width):
    """Bilinear, half-pixel centers, no antialiasing; float result, HWC."""
    chw = torch.from_numpy(hwc.astype(np.float32)).permute(2, 0, 1)[None]
    out = torch.nn.functional.interpolate(chw, size=(height, width), mode="bilinear", align_corners=False)
    return out[0].permute(1, 2, 0).numpy()


def center_crop(hwc, height, width):
    """The largest centered box with the target's aspect ratio (the documented rule)."""
    h, w = hwc.shape[:2]
    aspect = height / width
    crop_h = min(max(int(np.floor(w * aspect + 0.5)), 1), h)
    crop_w = min(max(int(np.floor(h / aspect + 0.5)), 1), w) if crop_h == h else w
    y0, x0 = (h - crop_h) // 2, (w - crop_w) // 2
    return hwc[y0:y0 + crop_h, x0:x0 + crop_w]


def save(name, array):
    np.save(name, np.ascontiguousarray(array.astype(np.float32)))


pixels = pattern(5, 7)
np.save("pattern_pixels.npy", pixels)
Image.fromarray(pixels, "RGB").save("pattern.png")
Image.fromarray(pixels, "RGB").save("pattern.bmp")
gray = (np.arange(24).reshape(4, 6) * 10).astype(np.uint8)
Image.fromarray(gray, "L").save("gray.png")
np.save("gray_pixels.npy", gray)
photo = pattern(16, 16)
Image.fromarray(photo, "RGB").save("photo.jpg", quality=90)
np.save("photo_pil.npy", np.asarray(Image.open("photo.jpg").convert("RGB")))

# resize to 3x4, RGB, [0,1], NHWC
save("expected_resize_unit_nhwc.npy", (resize(pixels, 3, 4) / 255.0)[None])
# center crop to a square, resize to 4x4, mean/std, NCHW
cropped = resize(center_crop(pixels, 4, 4), 4, 4)
save("expected_crop_meanstd_nchw.npy", ((cropped / 255.0 - MEAN) / STD).transpose(2, 0, 1)[None])
# no resize, gray, [-1,1], NHWC with one channel
rgb = pixels.astype(np.float32)
luma = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
save("expected_gray_symmetric.npy", (luma / 127.5 - 1.0)[None, ..., None])
# upscale to 8x10, BGR, raw 0..255, NHWC
save("expected_bgr_raw_up.npy", resize(pixels, 8, 10)[..., ::-1][None])

# archives: a 2-sample batch for an NCHW input "image" and a second input "extra"
rng = np.random.default_rng(5)
image = rng.uniform(-1, 1, size=(2, 3, 4, 4)).astype(np.float32)
extra = rng.uniform(0, 1, size=(2, 5)).astype(np.float32)
np.savez("stored.npz", image=image, extra=extra)
np.savez_compressed("deflated.npz", image=image, extra=extra)
np.save("npz_image.npy", image)
np.save("npz_extra.npy", extra)
