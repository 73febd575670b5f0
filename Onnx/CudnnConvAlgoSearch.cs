namespace EmotionGrid.Onnx;

/// <summary>
/// How cuDNN picks convolution algorithms (ORT's <c>cudnn_conv_algo_search</c>). <see cref="Exhaustive"/> (ORT's
/// default) benchmarks every algorithm for every new input shape; with clips of many lengths that search repeats
/// for each new length, so <see cref="Heuristic"/> is this project's default.
/// </summary>
public enum CudnnConvAlgoSearch
{
    Heuristic = 0,
    Exhaustive = 1,
    Default = 2,
}
