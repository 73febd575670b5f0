namespace EmotionGrid.Audio;

/// <summary>How one sample of one channel is stored in a WAV data chunk.</summary>
internal enum WavSampleEncoding
{
    UnsignedPcm8,
    SignedPcm16,
    SignedPcm24,
    SignedPcm32,
    Float32,
    Float64,
    MuLaw,
    ALaw,
}
