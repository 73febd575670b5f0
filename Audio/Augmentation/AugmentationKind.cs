namespace EmotionGrid.Audio.Augmentation;

/// <summary>The transforms an <see cref="AugmentationPolicy"/> can draw.</summary>
public enum AugmentationKind
{
    /// <summary><see cref="Augmentation.WhiteNoise.Add"/>; the value is the SNR in dB.</summary>
    WhiteNoise,

    /// <summary><see cref="Augmentation.TimeStretch.Apply"/>; the value is the rate (duration × 1/rate, same pitch).</summary>
    TimeStretch,

    /// <summary><see cref="Augmentation.PitchShift.Apply"/>; the value is the shift in semitones (same duration).</summary>
    PitchShift,

    /// <summary><see cref="Augmentation.SpeedChange.Apply"/>; the value is the speed factor (duration ÷, pitch ×).</summary>
    SpeedChange,
}
