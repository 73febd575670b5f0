using EmotionGrid.OnnxModels.OnnxFormat;

namespace EmotionGrid.OnnxModels;

/// <summary>What each <see cref="Wav2Vec2Precision"/> means for the graph's inputs, output and initializers.</summary>
public static class Wav2Vec2PrecisionExtensions
{
    /// <summary>The element type of <c>input_values</c>.</summary>
    public static OnnxDataType InputValuesType(this Wav2Vec2Precision precision) =>
        precision is Wav2Vec2Precision.Float16Input or Wav2Vec2Precision.Float16 ? OnnxDataType.Float16 : OnnxDataType.Float;

    /// <summary>The element type of <c>last_hidden_state</c>.</summary>
    public static OnnxDataType LastHiddenStateType(this Wav2Vec2Precision precision) =>
        precision is Wav2Vec2Precision.Float16Output or Wav2Vec2Precision.Float16 ? OnnxDataType.Float16 : OnnxDataType.Float;

    /// <summary>Whether the weights are stored as float16 initializers (and so rounded to float16 values).</summary>
    public static bool HasFloat16Weights(this Wav2Vec2Precision precision) => precision == Wav2Vec2Precision.Float16;
}
