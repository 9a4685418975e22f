using System.Globalization;
using Accelerate.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Accelerate.Testing;

/// <summary>Seeded pseudo-random inputs from the session's metadata: the adapter behind <see cref="ModelsUnderTest.Tensors"/>.</summary>
internal sealed class TensorModel : IModelUnderTest
{
    private readonly IReadOnlyDictionary<string, long> _dimensions;
    private readonly int _cases;
    private readonly int _seed;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly string? _cannotBatch;

    public TensorModel(ModelSession session, IReadOnlyDictionary<string, long> dimensions, int cases, int seed)
    {
        Session = session;
        _dimensions = dimensions;
        _cases = cases;
        _seed = seed;
        var metadata = session.Session;
        _inputNames = metadata.InputNames.ToArray();
        foreach (var name in _inputNames)
        {
            var input = metadata.InputMetadata[name];
            if (!input.IsTensor)
            {
                throw new NotSupportedException($"Input '{name}' is a {input.OnnxValueType}; ModelsUnderTest.Tensors can only feed tensors.");
            }
        }

        // Outputs that can be compared as numbers: tensors of a numeric or boolean element type.
        _outputNames = metadata.OutputNames
            .Where(n => metadata.OutputMetadata[n] is { IsTensor: true, ElementDataType: not TensorElementType.String })
            .ToArray();
        if (_outputNames.Length == 0)
        {
            throw new NotSupportedException("The model has no numeric tensor output to compare.");
        }

        _cannotBatch = WhyCannotBatch(metadata);
    }

    public ModelSession Session { get; }

    public string CannotBatchReason => _cannotBatch ?? "the model can batch";

    public IReadOnlyList<CaseOutputs> RunEach()
    {
        var results = new CaseOutputs[_cases];
        for (var c = 0; c < _cases; c++)
        {
            var outputs = Session.Run(_inputNames, CreateInputs(c), _outputNames);
            results[c] = new CaseOutputs(Label(c), outputs.Select((o, i) => ToNamed(_outputNames[i], o)).ToArray());
        }

        return results;
    }

    public IReadOnlyList<CaseOutputs>? RunBatch()
    {
        if (_cannotBatch is not null)
        {
            return null;
        }

        var perCase = Enumerable.Range(0, _cases).Select(CreateInputs).ToArray();
        var batched = new ITensorBuffer[_inputNames.Length];
        for (var i = 0; i < batched.Length; i++)
        {
            batched[i] = Concatenate(perCase.Select(inputs => inputs[i]).ToArray());
        }

        var outputs = Session.Run(_inputNames, batched, _outputNames);
        var split = new List<NamedTensor>[_cases];
        for (var c = 0; c < _cases; c++)
        {
            split[c] = [];
        }

        for (var o = 0; o < outputs.Count; o++)
        {
            var whole = ToNamed(_outputNames[o], outputs[o]);
            if (whole.Shape.Length == 0 || whole.Shape[0] % _cases != 0)
            {
                throw new InvalidOperationException(
                    $"Output '{whole.Name}' of the batched run has shape {Shapes.Format(whole.Shape)}, whose first dimension is not a multiple of the {_cases} cases; it does not follow the batch dimension.");
            }

            var rows = whole.Shape[0] / _cases;
            var shape = whole.Shape.ToArray();
            shape[0] = rows;
            var size = whole.Values.Length / _cases;
            for (var c = 0; c < _cases; c++)
            {
                split[c].Add(new NamedTensor(whole.Name, shape.ToArray(), whole.Values.AsSpan(c * size, size).ToArray()));
            }
        }

        return split.Select((outputsOfCase, c) => new CaseOutputs(Label(c), outputsOfCase)).ToArray();
    }


    public void Dispose() => Session.Dispose();

    private static string Label(int index) => "case " + (index + 1).ToString(CultureInfo.InvariantCulture);

    private string? WhyCannotBatch(InferenceSession session)
    {
        string? shared = null;
        foreach (var name in _inputNames)
        {
            var input = session.InputMetadata[name];
            if (input.Dimensions.Length == 0)
            {
                return $"input '{name}' is a scalar, so there is no batch axis";
            }

            if (input.Dimensions[0] >= 0)
            {
                return $"the first dimension of input '{name}' is fixed at {input.Dimensions[0].ToString(CultureInfo.InvariantCulture)}, so the model takes one item per call";
            }

            var symbol = input.SymbolicDimensions[0];
            if (string.IsNullOrEmpty(symbol))
            {
                return $"the first dimension of input '{name}' is dynamic but unnamed, so it cannot be told apart from other dynamic axes";
            }

            if (shared is not null && symbol != shared)
            {
                return $"inputs do not share a first dimension ('{shared}' and '{symbol}')";
            }

            shared = symbol;
        }

        return shared is null ? "the model has no inputs" : null;
    }

    private ITensorBuffer[] CreateInputs(int caseIndex)
    {
        var random = new SplitMix64(unchecked((ulong)(long)_seed + (ulong)caseIndex));
        var inputs = new ITensorBuffer[_inputNames.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            var metadata = Session.Session.InputMetadata[_inputNames[i]];
            var shape = new long[metadata.Dimensions.Length];
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = metadata.Dimensions[d] >= 0 ? metadata.Dimensions[d]
                    : _dimensions.TryGetValue(metadata.SymbolicDimensions[d] ?? string.Empty, out var size) ? size
                    : 1;
            }

            inputs[i] = RandomTensor(metadata.ElementDataType, shape, random, caseIndex, _inputNames[i]);
        }

        return inputs;
    }

    private static ITensorBuffer RandomTensor(TensorElementType type, long[] shape, SplitMix64 random, int caseIndex, string name)
    {
        var count = checked((int)TensorBuffer<float>.ElementCount(shape));
        return type switch
        {
            TensorElementType.Float => new TensorBuffer<float>(Fill(count, _ => random.NextFloat()), shape),
            TensorElementType.Double => new TensorBuffer<double>(Fill(count, _ => (double)random.NextFloat()), shape),
            TensorElementType.Float16 => new TensorBuffer<Float16>(Fill(count, _ => (Float16)random.NextFloat()), shape),
            TensorElementType.BFloat16 => new TensorBuffer<BFloat16>(Fill(count, _ => (BFloat16)random.NextFloat()), shape),
            TensorElementType.Int8 => new TensorBuffer<sbyte>(Fill(count, _ => (sbyte)random.NextInt(10)), shape),
            TensorElementType.UInt8 => new TensorBuffer<byte>(Fill(count, _ => (byte)random.NextInt(10)), shape),
            TensorElementType.Int16 => new TensorBuffer<short>(Fill(count, _ => (short)random.NextInt(10)), shape),
            TensorElementType.UInt16 => new TensorBuffer<ushort>(Fill(count, _ => (ushort)random.NextInt(10)), shape),
            TensorElementType.Int32 => new TensorBuffer<int>(Fill(count, _ => random.NextInt(10)), shape),
            TensorElementType.UInt32 => new TensorBuffer<uint>(Fill(count, _ => (uint)random.NextInt(10)), shape),
            TensorElementType.Int64 => new TensorBuffer<long>(Fill(count, _ => (long)random.NextInt(10)), shape),
            TensorElementType.UInt64 => new TensorBuffer<ulong>(Fill(count, _ => (ulong)random.NextInt(10)), shape),
            TensorElementType.Bool => new TensorBuffer<bool>(Fill(count, i => (i + caseIndex) % 2 == 0), shape),
            TensorElementType.String => new TensorBuffer<string>(Fill(count, _ => ((char)('a' + random.NextInt(26))).ToString()), shape),
            _ => throw new NotSupportedException($"Input '{name}' has element type {type}, which ModelsUnderTest.Tensors cannot generate."),
        };
    }

    private static T[] Fill<T>(int count, Func<int, T> next)
    {
        var data = new T[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = next(i);
        }

        return data;
    }

    private static ITensorBuffer Concatenate(ITensorBuffer[] parts) => parts[0] switch
    {
        TensorBuffer<float> => Concatenate<float>(parts),
        TensorBuffer<double> => Concatenate<double>(parts),
        TensorBuffer<Float16> => Concatenate<Float16>(parts),
        TensorBuffer<BFloat16> => Concatenate<BFloat16>(parts),
        TensorBuffer<sbyte> => Concatenate<sbyte>(parts),
        TensorBuffer<byte> => Concatenate<byte>(parts),
        TensorBuffer<short> => Concatenate<short>(parts),
        TensorBuffer<ushort> => Concatenate<ushort>(parts),
        TensorBuffer<int> => Concatenate<int>(parts),
        TensorBuffer<uint> => Concatenate<uint>(parts),
        TensorBuffer<long> => Concatenate<long>(parts),
        TensorBuffer<ulong> => Concatenate<ulong>(parts),
        TensorBuffer<bool> => Concatenate<bool>(parts),
        TensorBuffer<string> => Concatenate<string>(parts),
        var other => throw new NotSupportedException($"Cannot concatenate {other.GetType().Name}."),
    };

    // Row-major data concatenated along the first axis is the parts' data one after another.
    private static TensorBuffer<T> Concatenate<T>(ITensorBuffer[] parts)
    {
        var typed = parts.Cast<TensorBuffer<T>>().ToArray();
        var shape = typed[0].Shape.ToArray();
        shape[0] = typed.Sum(p => p.Shape[0]);
        return new TensorBuffer<T>(typed.SelectMany(p => p.Data).ToArray(), shape);
    }

    private static NamedTensor ToNamed(string name, ITensorBuffer buffer) =>
        new(name, buffer.Shape.ToArray(), buffer switch
        {
            TensorBuffer<float> b => Array.ConvertAll(b.Data, v => (double)v),
            TensorBuffer<double> b => b.Data.ToArray(),
            TensorBuffer<Float16> b => Array.ConvertAll(b.Data, v => (double)(float)v),
            TensorBuffer<BFloat16> b => Array.ConvertAll(b.Data, v => (double)(float)v),
            TensorBuffer<sbyte> b => Array.ConvertAll(b.Data, v => (double)v),
            TensorBuffer<byte> b => Array.ConvertAll(b.Data, v => (double)v),
            TensorBuffer<short> b => Array.ConvertAll(b.Data, v => (double)v),
            TensorBuffer<ushort> b => Array.ConvertAll(b.Data, v => (double)v),
            TensorBuffer<int> b => Array.ConvertAll(b.Data, v => (double)v),
            TensorBuffer<uint> b => Array.ConvertAll(b.Data, v => (double)v),
            TensorBuffer<long> b => Array.ConvertAll(b.Data, v => (double)v),
            TensorBuffer<ulong> b => Array.ConvertAll(b.Data, v => (double)v),
            TensorBuffer<bool> b => Array.ConvertAll(b.Data, v => v ? 1.0 : 0.0),
            _ => throw new NotSupportedException($"Output '{name}' has element type {buffer.ElementType.Name}, which cannot be compared as numbers."),
        });

    /// <summary>SplitMix64: a tiny generator whose sequence is fixed forever, unlike <see cref="Random"/>'s.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, 1), 24 random bits.</summary>
        public float NextFloat() => (Next() >> 40) * (1.0f / (1 << 24));

        /// <summary>Uniform in [0, <paramref name="bound"/>) (bias below 2^-32 for small bounds).</summary>
        public int NextInt(int bound) => (int)((Next() >> 32) * (ulong)bound >> 32);
    }
}
