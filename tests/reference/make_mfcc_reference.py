#!/usr/bin/python3
"""Writes mfcc_reference.json: torchaudio's mel spectrogram, MFCC and deltas of a fixed signal.

Run with Debian's torchaudio (apt-get install python3-torchaudio):

    /usr/bin/python3 tests/reference/make_mfcc_reference.py

The C# test (tests/EmotionGrid.Audio.Tests/Features/MfccReferenceTests.cs) regenerates the same
signal from the parameters stored in the JSON (every step is plain double arithmetic plus a 32-bit
LCG, then rounded to float32), checks a checksum, and compares its frames with these.

Reference definitions (all torchaudio, float32):
  mel    torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=512, win_length=400,
         hop_length=160, f_min=0, f_max=8000, n_mels=40, window_fn=torch.hann_window (periodic),
         power=2, norm=None, mel_scale="htk", center=False)
  mfcc   torchaudio.transforms.MFCC(n_mfcc=20, dct_type=2, norm="ortho", log_mels=True,
         melkwargs=<the above>): DCT-II (ortho) of ln(mel + 1e-6). log_mels=True avoids the
         AmplitudeToDB(top_db=80) path, which clips relative to the whole clip's maximum.
  delta  torchaudio.functional.compute_deltas(mfcc, win_length=5, mode="replicate"), and delta2
         the same applied to delta.
torch.stft centres the 400-sample window inside the 512-point frame, so torchaudio frame t holds
the windowed samples [160 t + 56, 160 t + 456): the C# side analyses signal[56:] so that its
frame t (samples [160 t, 160 t + 400), zero-padded to 512) is the same windowed data (the power
spectrum does not depend on where in the FFT frame the data sits).
"""
import json
import math
import os

import torch
import torchaudio

SR = 16000
LENGTH = 16000
LCG_SEED = 20240611
FRAMES = [0, 1, 2, 3, 17, 48, 71, 93, 94, 95, 96]


def signal():
    state = LCG_SEED
    out = []
    for n in range(LENGTH):
        t = n / SR
        state = (state * 1664525 + 1013904223) % 4294967296
        noise = state / 4294967296.0 * 2.0 - 1.0
        envelope = 0.6 + 0.4 * math.sin(2.0 * math.pi * 3.0 * t)
        chirp_phase = 2.0 * math.pi * (100.0 * t + (6000.0 - 100.0) / 2.0 * t * t)
        x = (0.3 * math.sin(2.0 * math.pi * 220.0 * t)
             + 0.2 * math.sin(2.0 * math.pi * 1250.0 * t + 0.5)
             + 0.1 * math.sin(2.0 * math.pi * 3100.0 * t)
             + 0.15 * math.sin(chirp_phase)) * envelope + 0.05 * noise
        out.append(x)
    return torch.tensor(out, dtype=torch.float64).to(torch.float32)


def main():
    x = signal()
    melkwargs = dict(n_fft=512, win_length=400, hop_length=160, f_min=0.0, f_max=8000.0, n_mels=40,
                     window_fn=torch.hann_window, power=2.0, norm=None, mel_scale="htk", center=False)
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=SR, **melkwargs)(x)  # (40, T)
    mfcc = torchaudio.transforms.MFCC(sample_rate=SR, n_mfcc=20, dct_type=2, norm="ortho",
                                      log_mels=True, melkwargs=melkwargs)(x)  # (20, T)
    explicit = torch.matmul((mel + 1e-6).log().T, torchaudio.functional.create_dct(20, 40, "ortho")).T
    assert torch.allclose(explicit, mfcc, atol=1e-4), "MFCC is not DCT(ln(mel + 1e-6))"
    delta = torchaudio.functional.compute_deltas(mfcc, win_length=5, mode="replicate")
    delta2 = torchaudio.functional.compute_deltas(delta, win_length=5, mode="replicate")
    frame_count = mel.shape[1]
    assert frame_count == 1 + (LENGTH - 512) // 160

    def rows(m, t):
        return [float("%.8g" % v) for v in m[:, t].tolist()]

    doc = {
        "description": "torchaudio reference for EmotionGrid acoustic-v1 mel/MFCC/deltas; made by make_mfcc_reference.py",
        "torch": torch.__version__,
        "torchaudio": torchaudio.__version__,
        "signal": {
            "sampleRate": SR,
            "length": LENGTH,
            "lcgSeed": LCG_SEED,
            "formula": "float32(((0.3 sin(2pi 220 t) + 0.2 sin(2pi 1250 t + 0.5) + 0.1 sin(2pi 3100 t) "
                       "+ 0.15 sin(2pi (100 t + 2950 t^2))) * (0.6 + 0.4 sin(2pi 3 t)) + 0.05 u), t = n/16000, "
                       "u = s/2^32*2-1 with s = (s*1664525 + 1013904223) mod 2^32 advanced before each sample",
            "sum": float(x.double().sum()),
            "sumOfSquares": float((x.double() ** 2).sum()),
            "first": [float("%.9g" % v) for v in x[:8].tolist()],
        },
        "parameters": {
            "nFft": 512, "winLength": 400, "hopLength": 160, "fMin": 0, "fMax": 8000, "nMels": 40,
            "window": "hann periodic", "power": 2, "melScale": "htk", "melNorm": None, "center": False,
            "nMfcc": 20, "dctType": 2, "dctNorm": "ortho", "logMels": True, "logOffset": 1e-6,
            "deltaWinLength": 5, "deltaMode": "replicate", "frameOffsetSamples": 56,
        },
        "frameCount": frame_count,
        "frames": [
            {"index": t, "mel": rows(mel, t), "mfcc": rows(mfcc, t), "delta": rows(delta, t), "delta2": rows(delta2, t)}
            for t in FRAMES
        ],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mfcc_reference.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote", path, "frames", frame_count)


if __name__ == "__main__":
    main()
