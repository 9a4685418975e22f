[assembly: AssemblyFixture(typeof(Accelerate.Runtime.Tests.MiniLm))]

namespace Accelerate.Runtime.Tests;

/// <summary>all-MiniLM-L6-v2 opened once for the whole assembly, configured as sentence-transformers uses it.</summary>
public sealed class MiniLm : IDisposable
{
    public MiniLm()
    {
        Session = ModelSession.Open(Models.MiniLmModelPath, [BackendCatalog.Cpu]);
        Tokenizer = WordPieceTokenizer.Load(Models.MiniLmVocabPath, lowercase: true);
        Pipeline = CreatePipeline();
    }

    /// <summary>sentence-transformers' settings for this model: 256 tokens, mean pooling, L2 normalisation.</summary>
    public static TextEmbeddingOptions SentenceTransformersOptions { get; } = new() { MaxLength = 256, Pooling = Pooling.Mean, Normalize = true };

    public ModelSession Session { get; }

    public WordPieceTokenizer Tokenizer { get; }

    public TextEmbeddingPipeline Pipeline { get; }

    public TextEmbeddingPipeline CreatePipeline(TextEmbeddingOptions? options = null) =>
        new(Session, Tokenizer, options ?? SentenceTransformersOptions);

    public void Dispose() => Session.Dispose();
}
