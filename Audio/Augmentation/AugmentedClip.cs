namespace EmotionGrid.Audio.Augmentation;

/// <summary>An augmented variant of a clip and the augmentation that made it (log its <see cref="ClipAugmentation.Name"/>).</summary>
public sealed record AugmentedClip(ClipAugmentation Augmentation, float[] Samples);
