#!/usr/bin/python3
"""PyTorch eager peer of `bench -- embed`: torchaudio's wav2vec2_base (random weights: timing only, no
download) on the same clips, the same normalisation and thread count. Prints one JSON line.

Run with Debian's interpreter and OpenBLAS's OpenMP build (the reference BLAS is ~45x slower, no fair
peer): LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 torch_wav2vec2.py ...
"""
import argparse
import json
import time

import torch
import torchaudio


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", required=True, help="file with one 16 kHz WAV path per line")
    parser.add_argument("--threads", type=int, required=True)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = torchaudio.models.wav2vec2_base().eval()
    clips = []
    for path in open(args.list).read().split("\n"):
        if path:
            waveform, rate = torchaudio.load(path)
            assert rate == 16000, f"{path} is {rate} Hz"
            clips.append(waveform.mean(0, keepdim=True))

    def embed(clip):
        x = (clip - clip.mean()) / torch.sqrt(clip.var(unbiased=False) + 1e-7)
        hidden, _ = model(x)
        return hidden.mean(1)

    with torch.inference_mode():
        embed(clips[0])  # warm-up
        start = time.perf_counter()
        for clip in clips:
            embed(clip)
        seconds = time.perf_counter() - start

    audio = sum(c.shape[1] for c in clips) / 16000
    print(json.dumps({"audio_seconds": audio, "seconds": seconds, "threads": args.threads,
                      "torch": torch.__version__, "blas": torch.__config__.show().count("openblas") > 0}))


if __name__ == "__main__":
    main()
