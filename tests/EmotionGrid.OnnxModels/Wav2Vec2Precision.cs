namespace EmotionGrid.OnnxModels;

/// <summary>
/// The element types a generated encoder declares, so the embedder's half-precision paths (converting
/// samples to float16, reading a float16 <c>last_hidden_state</c>) can be tested on a tiny model instead of
/// a real fp16 export. Computation inside the graph stays float32 in every variant: the float16 values are
/// cast at the edges, so every variant runs on ORT's CPU provider and stays comparable to the float32
/// reference pass.
/// </summary>
public enum Wav2Vec2Precision
{
    /// <summary>float32 in and out, float32 weights: the original graph, byte for byte.</summary>
    Float32,

    /// <summary><c>input_values</c> is float16 (cast to float32 by the first node); <c>last_hidden_state</c> stays float32.</summary>
    Float16Input,

    /// <summary><c>input_values</c> stays float32; the result is cast to float16 for <c>last_hidden_state</c>.</summary>
    Float16Output,

    /// <summary>
    /// Both <c>input_values</c> and <c>last_hidden_state</c> are float16, and the weights are stored as
    /// float16 initializers (cast to float32 where they are used), as a half-precision export stores them.
    /// The model's <see cref="Wav2Vec2Model.Weights"/> are rounded to float16 values to match.
    /// </summary>
    Float16,
}
