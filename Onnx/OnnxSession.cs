using System.Buffers;
using System.Runtime.InteropServices;
using EmotionGrid.Onnx.Native;

namespace EmotionGrid.Onnx;

/// <summary>
/// A loaded model. <see cref="Run"/> may be called from many threads at once (ORT sessions are
/// thread-safe for Run); each call uses up to <see cref="OnnxSessionOptions.IntraOpThreads"/> threads.
/// Dispose waits for nothing but is safe during a Run: the native session is released after the last Run ends.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    /// <summary>ORT rejects a NULL data pointer even for a tensor of zero elements: point those here.</summary>
    private static readonly IntPtr EmptyTensorData = (IntPtr)NativeMemory.AllocZeroed(sizeof(long));

    private readonly OnnxRuntime _runtime;
    private readonly OrtSessionHandle _session;
    private readonly string[] _allOutputNames;

    private OnnxSession(OnnxRuntime runtime, OrtSessionHandle session, OnnxExecutionProvider provider, string reason)
    {
        _runtime = runtime;
        _session = session;
        SelectedProvider = provider;
        ProviderReason = reason;
        Inputs = ReadValueInfos(isInput: true);
        Outputs = ReadValueInfos(isInput: false);
        _allOutputNames = Outputs.Select(o => o.Name).ToArray();
    }

    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The provider the session was created with (<see cref="OnnxExecutionProvider.Cuda"/> or <see cref="OnnxExecutionProvider.Cpu"/>).</summary>
    public OnnxExecutionProvider SelectedProvider { get; }

    /// <summary>
    /// Why <see cref="SelectedProvider"/>: e.g. <c>CPU requested</c>, <c>CUDA device 0</c>, or
    /// <c>CUDA unavailable: Failed to load library libonnxruntime_providers_shared.so …; using CPU</c>.
    /// </summary>
    public string ProviderReason { get; }

    /// <summary>
    /// Runs the model. Inputs are read in place from their (pinned) memory; the requested outputs
    /// (all outputs when <paramref name="outputNames"/> is null) come back as new managed tensors, in order.
    /// Cancelling <paramref name="cancellationToken"/> asks ORT to stop between operators.
    /// </summary>
    /// <exception cref="OnnxRuntimeException">ORT refused the inputs (unknown name, wrong type or shape) or failed while running.</exception>
    /// <exception cref="NotSupportedException">A requested output is not a float32 or int64 tensor.</exception>
    public IReadOnlyList<OnnxTensor> Run(
        IReadOnlyList<(string Name, OnnxTensor Tensor)> inputs,
        IReadOnlyList<string>? outputNames = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        outputNames ??= _allOutputNames;
        cancellationToken.ThrowIfCancellationRequested();
        var api = _runtime.Api;

        // Holds the native session alive against a concurrent Dispose (throws ObjectDisposedException after one).
        var sessionAdded = false;
        _session.DangerousAddRef(ref sessionAdded);
        var pins = new MemoryHandle[inputs.Count];
        var values = new OrtValueHandle?[inputs.Count];
        OrtRunOptionsHandle? runOptions = null;
        CancellationTokenRegistration cancellation = default;
        try
        {
            using var inputNames = new NativeUtf8Strings(inputs.Select(i => i.Name).ToArray());
            using var requestedOutputs = new NativeUtf8Strings(outputNames);
            var inputPointers = new IntPtr[inputs.Count];
            for (var i = 0; i < inputs.Count; i++)
            {
                var (name, tensor) = inputs[i];
                ArgumentNullException.ThrowIfNull(tensor, $"inputs[{i}].Tensor");
                pins[i] = tensor.Pin();
                values[i] = CreateInputValue(api, name, tensor, pins[i]);
                inputPointers[i] = values[i]!.DangerousGetHandle();
            }

            var runOptionsPointer = IntPtr.Zero;
            if (cancellationToken.CanBeCanceled)
            {
                runOptions = new OrtRunOptionsHandle(api);
                api.Check(api.CreateRunOptions(&runOptionsPointer), "CreateRunOptions");
                runOptions.Attach(runOptionsPointer);
                cancellation = cancellationToken.Register(static state => Terminate((OrtRunOptionsHandle)state!), runOptions);
            }

            var outputPointers = new IntPtr[outputNames.Count];
            IntPtr status;
            fixed (IntPtr* inputValues = inputPointers)
            fixed (IntPtr* outputValues = outputPointers)
            {
                status = api.Run(
                    _session.DangerousGetHandle(), runOptionsPointer,
                    (IntPtr*)inputNames.Pointers, inputValues, (nuint)inputs.Count,
                    (IntPtr*)requestedOutputs.Pointers, (nuint)outputNames.Count, outputValues);
            }

            // Own every output ORT handed back before anything can throw, so none leaks.
            var outputs = new OrtValueHandle[outputPointers.Length];
            for (var i = 0; i < outputPointers.Length; i++)
            {
                outputs[i] = new OrtValueHandle(api);
                if (outputPointers[i] != IntPtr.Zero)
                {
                    outputs[i].Attach(outputPointers[i]);
                }
            }

            try
            {
                if (status != IntPtr.Zero)
                {
                    var error = api.ToException(status, $"Run({string.Join(", ", inputs.Select(i => $"{i.Name}: {i.Tensor}"))})");
                    cancellationToken.ThrowIfCancellationRequested();
                    throw error;
                }

                var results = new OnnxTensor[outputs.Length];
                for (var i = 0; i < outputs.Length; i++)
                {
                    results[i] = CopyOutput(api, outputNames[i], outputs[i]);
                }

                return results;
            }
            finally
            {
                foreach (var output in outputs)
                {
                    output.Dispose();
                }
            }
        }
        finally
        {
            // Order matters: stop the cancellation callback before its run options go, and release each
            // input value (which points into managed memory) before that memory is unpinned.
            cancellation.Dispose();
            runOptions?.Dispose();
            for (var i = 0; i < values.Length; i++)
            {
                values[i]?.Dispose();
                pins[i].Dispose();
            }

            if (sessionAdded)
            {
                _session.DangerousRelease();
            }
        }
    }

    public void Dispose() => _session.Dispose();

    internal static OnnxSession Create(OnnxRuntime runtime, OnnxModelSource model, OnnxSessionOptions options)
    {
        options.Validate();
        var (session, provider, reason) = OnnxSessionBuilder.Build(runtime, model, options);
        try
        {
            return new OnnxSession(runtime, session, provider, reason);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static void Terminate(OrtRunOptionsHandle runOptions)
    {
        // Runs on the cancelling thread; ORT documents RunOptionsSetTerminate as safe during a Run.
        var api = runOptions.Api;
        var status = api.RunOptionsSetTerminate(runOptions.DangerousGetHandle());
        if (status != IntPtr.Zero)
        {
            api.ReleaseStatus(status);
        }
    }

    private OrtValueHandle CreateInputValue(OrtApi api, string name, OnnxTensor tensor, MemoryHandle pin)
    {
        var value = new OrtValueHandle(api);
        try
        {
            var data = tensor.ByteLength == 0 ? (void*)EmptyTensorData : pin.Pointer;
            IntPtr pointer;
            fixed (long* shape = tensor.ShapeSpan)
            {
                api.Check(
                    api.CreateTensorWithDataAsOrtValue(_runtime.CpuMemory.DangerousGetHandle(), data, tensor.ByteLength, shape, (nuint)tensor.ShapeSpan.Length, (int)tensor.ElementType, &pointer),
                    $"CreateTensorWithDataAsOrtValue({name}: {tensor})");
            }

            value.Attach(pointer);
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    private static OnnxTensor CopyOutput(OrtApi api, string name, OrtValueHandle output)
    {
        if (output.IsInvalid)
        {
            throw new OnnxRuntimeException($"Run output '{name}'", OnnxErrorCode.Fail, "ORT returned no value");
        }

        var value = output.DangerousGetHandle();
        IntPtr info;
        api.Check(api.GetTensorTypeAndShape(value, &info), $"GetTensorTypeAndShape({name})");
        OnnxElementType elementType;
        long[] shape;
        try
        {
            (elementType, shape, _) = ReadTensorInfo(api, info, name);
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }

        long count = 1;
        foreach (var dimension in shape)
        {
            count *= dimension;
        }

        void* data;
        api.Check(api.GetTensorMutableData(value, &data), $"GetTensorMutableData({name})");
        switch (elementType)
        {
            case OnnxElementType.Float32:
                var floats = new float[checked((int)count)];
                new ReadOnlySpan<float>(data, floats.Length).CopyTo(floats);
                return OnnxTensor.FromFloat32(floats, shape);
            case OnnxElementType.Int64:
                var longs = new long[checked((int)count)];
                new ReadOnlySpan<long>(data, longs.Length).CopyTo(longs);
                return OnnxTensor.FromInt64(longs, shape);
            default:
                throw new NotSupportedException($"output '{name}' is a {elementType} tensor; this binding copies Float32 and Int64 outputs only");
        }
    }

    private static (OnnxElementType ElementType, long[] Shape, string[] DimensionNames) ReadTensorInfo(OrtApi api, IntPtr info, string name)
    {
        int elementType;
        nuint rank;
        api.Check(api.GetTensorElementType(info, &elementType), $"GetTensorElementType({name})");
        api.Check(api.GetDimensionsCount(info, &rank), $"GetDimensionsCount({name})");
        var shape = new long[(int)rank];
        var names = new string[(int)rank];
        var symbols = stackalloc byte*[Math.Max((int)rank, 1)];
        fixed (long* dims = shape)
        {
            api.Check(api.GetDimensions(info, dims, rank), $"GetDimensions({name})");
        }

        api.Check(api.GetSymbolicDimensions(info, symbols, rank), $"GetSymbolicDimensions({name})");
        for (var i = 0; i < (int)rank; i++)
        {
            // The symbolic names point into the info object: copy them now.
            names[i] = symbols[i] is null ? "" : Marshal.PtrToStringUTF8((IntPtr)symbols[i]) ?? "";
        }

        return ((OnnxElementType)elementType, shape, names);
    }

    private OnnxValueInfo[] ReadValueInfos(bool isInput)
    {
        var api = _runtime.Api;
        var session = _session.DangerousGetHandle();
        var kind = isInput ? "Input" : "Output";
        nuint count;
        api.Check(isInput ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count), $"SessionGet{kind}Count");
        IntPtr allocator;

        // The default allocator belongs to ORT: never released.
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");
        var infos = new OnnxValueInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            api.Check(isInput ? api.SessionGetInputName(session, i, allocator, &rawName) : api.SessionGetOutputName(session, i, allocator, &rawName), $"SessionGet{kind}Name({i})");
            string name;
            try
            {
                name = Marshal.PtrToStringUTF8((IntPtr)rawName) ?? "";
            }
            finally
            {
                api.Check(api.AllocatorFree(allocator, rawName), "AllocatorFree");
            }

            IntPtr typeInfo;
            api.Check(isInput ? api.SessionGetInputTypeInfo(session, i, &typeInfo) : api.SessionGetOutputTypeInfo(session, i, &typeInfo), $"SessionGet{kind}TypeInfo({name})");
            try
            {
                // The tensor info belongs to the type info (not released separately); NULL for non-tensors.
                IntPtr tensorInfo;
                api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), $"CastTypeInfoToTensorInfo({name})");
                if (tensorInfo == IntPtr.Zero)
                {
                    infos[i] = new OnnxValueInfo(name, isTensor: false, OnnxElementType.Undefined, [], []);
                    continue;
                }

                var (elementType, shape, names) = ReadTensorInfo(api, tensorInfo, name);
                infos[i] = new OnnxValueInfo(name, isTensor: true, elementType, shape, names);
            }
            finally
            {
                api.ReleaseTypeInfo(typeInfo);
            }
        }

        return infos;
    }
}
