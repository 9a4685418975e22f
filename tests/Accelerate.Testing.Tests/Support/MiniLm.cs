using System.Security.Cryptography;
using Accelerate.Runtime;

namespace Accelerate.Testing.Tests.Support;

/// <summary>A hand-written stand-in for the generated <c>MiniLm</c> model class: a session, a tokenizer and the embedding pipeline.</summary>
internal sealed class MiniLmModel : IDisposable
{
    private static readonly Lazy<WordPieceTokenizer> Tokenizer = new(() => WordPieceTokenizer.Load(TestModels.TestModels.MiniLmVocabPath, lowercase: true));
    private readonly TextEmbeddingPipeline _pipeline;

    public MiniLmModel(AccelerateSessionOptions options, bool normalize = true)
    {
        Session = ModelSession.Open(TestModels.TestModels.MiniLmModelPath, ["cuda", "cpu"], options);
        _pipeline = new TextEmbeddingPipeline(Session, Tokenizer.Value, new TextEmbeddingOptions { MaxLength = 256, Pooling = Pooling.Mean, Normalize = normalize });
    }

    public ModelSession Session { get; }

    public float[] Embed(string text) => _pipeline.Embed(text);

    public float[][] Embed(IReadOnlyList<string> texts) => _pipeline.Embed(texts);

    public void Dispose() => Session.Dispose();
}

/// <summary>
/// What the generator emits for MiniLM, written by hand: a <see cref="ModelMatrixTests"/> over <see cref="ModelsUnderTest.Vectors"/>.
/// The checks are made public so tests can call them and look at what they throw.
/// </summary>
internal sealed class MiniLmMatrix(ModelTestSpec spec, IReadOnlyDictionary<string, string>? settings = null, bool normalize = true, IReadOnlyList<Triplet>? triplets = null)
    : EmbeddingMatrixTests(spec, triplets ?? Models.MiniLmTriplets)
{
    public static readonly string[] Samples = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."];

    public new ModelTestSpec Spec => base.Spec;

    public new bool UpdateGoldens => base.UpdateGoldens;

    public void RunLoads(string backend) => Loads(backend);

    public void RunMatchesSignature(string backend) => MatchesSignature(backend);

    public void RunMatchesGoldens(string backend) => MatchesGoldens(backend);

    /// <summary>MatchesGoldens in update mode: records, and is skipped with where it wrote (the returned reason).</summary>
    public string RecordGoldens(string backend) => Skips.Catch(() => MatchesGoldens(backend)).Message;

    public void RunAgreesWithCpu(string backend) => AgreesWithCpu(backend);

    public void RunBatchMatchesSingles(string backend) => BatchMatchesSingles(backend);

    public void RunIsDeterministic(string backend) => IsDeterministic(backend);

    public void RunHasUnitNorm(string backend) => HasUnitNorm(backend);

    public void RunRanksSimilarAboveDissimilar(string backend) => RanksSimilarAboveDissimilar(backend);

    protected override IModelUnderTest Open(string backend, AccelerateSessionOptions options) =>
        ModelsUnderTest.Vectors(new MiniLmModel(options, normalize), m => m.Session, Samples, (m, t) => m.Embed(t), (m, ts) => m.Embed(ts), inputsAreText: true);

    protected override string? Setting(string key) =>
        settings is not null && settings.TryGetValue(key, out var value) ? value : base.Setting(key);
}

/// <summary>Specs and facts about the real models.</summary>
internal static class Models
{
    private static readonly Lazy<string> MiniLmSha = new(() => Sha256(TestModels.TestModels.MiniLmModelPath));
    private static readonly Lazy<string> ResNetSha = new(() => Sha256(TestModels.TestModels.ResNet18Path));

    public static string MiniLmSha256 => MiniLmSha.Value;

    public static string ResNet18Sha256 => ResNetSha.Value;

    /// <summary>A MiniLM spec whose manifest is <c>MiniLm.model.json</c> in <paramref name="folder"/> (written, so the folder looks real).</summary>
    public static ModelTestSpec MiniLm(string folder)
    {
        var manifest = Path.Combine(folder, "MiniLm.model.json");
        File.WriteAllText(manifest, "{ \"name\": \"MiniLm\", \"task\": \"feature-extraction\" }\n");
        return new ModelTestSpec
        {
            ModelName = "MiniLm",
            ManifestPath = manifest,
            Task = "feature-extraction",
            ModelSha256 = MiniLmSha256,
            Backends = ["cpu", "cuda"],
            Inputs =
            [
                new("input_ids", "int64", ["batch", "sequence"]),
                new("attention_mask", "int64", ["batch", "sequence"]),
                new("token_type_ids", "int64", ["batch", "sequence"]),
            ],
            Outputs =
            [
                new("last_hidden_state", "float", ["batch", "sequence", "Addlast_hidden_state_dim_2"]),
                new("924", "float", ["Tanh924_dim_0", "384"]),
            ],
        };
    }

    /// <summary>The ranking triplet the MiniLM checks use unless a test gives others.</summary>
    public static IReadOnlyList<Triplet> MiniLmTriplets { get; } =
        [new Triplet("A man is playing a guitar.", "Someone plays an instrument.", "The stock market fell sharply today.")];

    /// <summary>A ResNet18 spec (task <c>tensor</c>) whose manifest is <c>ResNet18.model.json</c> in <paramref name="folder"/>.</summary>
    public static ModelTestSpec ResNet18(string folder)
    {
        var manifest = Path.Combine(folder, "ResNet18.model.json");
        File.WriteAllText(manifest, "{ \"name\": \"ResNet18\", \"task\": \"tensor\" }\n");
        return new ModelTestSpec
        {
            ModelName = "ResNet18",
            ManifestPath = manifest,
            Task = "tensor",
            ModelSha256 = ResNet18Sha256,
            Backends = ["cpu"],
            Inputs = [new("Input247", "float", ["1", "3", "224", "224"])],
            Outputs = [new("Pooling395_Output_0", "float", ["1", "512", "1", "1"])],
        };
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>ResNet18 through <see cref="ModelsUnderTest.Tensors"/>, as the generator would emit it for a raw tensor model.</summary>
internal sealed class ResNet18Matrix(ModelTestSpec spec, IReadOnlyDictionary<string, string>? settings = null) : ModelMatrixTests(spec)
{
    public void RunMatchesSignature(string backend) => MatchesSignature(backend);

    public void RunMatchesGoldens(string backend) => MatchesGoldens(backend);

    /// <summary>MatchesGoldens in update mode: records, and is skipped with where it wrote (the returned reason).</summary>
    public string RecordGoldens(string backend) => Skips.Catch(() => MatchesGoldens(backend)).Message;

    public void RunBatchMatchesSingles(string backend) => BatchMatchesSingles(backend);

    public void RunIsDeterministic(string backend) => IsDeterministic(backend);

    protected override IModelUnderTest Open(string backend, AccelerateSessionOptions options) =>
        ModelsUnderTest.Tensors(ModelSession.Open(TestModels.TestModels.ResNet18Path, ["cpu"], options), new Dictionary<string, long>());

    protected override string? Setting(string key) =>
        settings is not null && settings.TryGetValue(key, out var value) ? value : base.Setting(key);
}
