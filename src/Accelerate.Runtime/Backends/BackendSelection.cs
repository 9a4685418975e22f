namespace Accelerate.Runtime;

/// <summary>
/// Which backends a run may use, and which it must be able to use: from the environment variables
/// <c>ACCELERATE_BACKENDS</c> and <c>ACCELERATE_REQUIRE_BACKENDS</c>, and in test assemblies from the MSBuild
/// properties baked into their metadata. Immutable.
/// </summary>
/// <remarks>
/// <para>A <em>restriction</em> (<c>ACCELERATE_BACKENDS=cpu,cuda</c>) excludes every other backend: a session does not
/// try it and a test for it is skipped with "excluded by ACCELERATE_BACKENDS=cpu,cuda". A <em>requirement</em>
/// (<c>ACCELERATE_REQUIRE_BACKENDS=cuda</c>) turns "unavailable" into a failure: <see cref="ModelSession.Open(string, IReadOnlyList{string}, AccelerateSessionOptions?)"/>
/// throws instead of falling back, and a test fails instead of being skipped.</para>
/// <para>Lists are separated by commas, semicolons or whitespace and are case-insensitive; ONNX Runtime provider
/// names (<c>CUDAExecutionProvider</c>) are accepted too. An empty or unset value means no restriction, nothing required.</para>
/// </remarks>
public sealed class BackendSelection
{
    /// <summary>The environment variable that restricts the backends a run may use, e.g. <c>cpu,cuda</c>.</summary>
    public const string AllowedVariable = "ACCELERATE_BACKENDS";

    /// <summary>The environment variable that names backends which must be available, e.g. <c>cuda</c>.</summary>
    public const string RequiredVariable = "ACCELERATE_REQUIRE_BACKENDS";

    private static readonly char[] Separators = [',', ';', ' ', '\t', '\r', '\n'];

    private readonly IReadOnlyList<Restriction> _restrictions;
    private readonly IReadOnlyList<(string Name, string Source)> _required;

    private BackendSelection(IReadOnlyList<Restriction> restrictions, IReadOnlyList<(string Name, string Source)> required)
    {
        _restrictions = restrictions;
        _required = required;
        Allowed = restrictions.Count == 0
            ? null
            : restrictions[0].Names.Where(n => restrictions.All(r => r.Names.Contains(n, StringComparer.Ordinal))).ToList();
        Required = required.Select(r => r.Name).ToList();

        foreach (var (name, source) in required)
        {
            if (!IsAllowed(name, out var reason))
            {
                throw new ArgumentException($"Backend '{name}' is required by {source} but {reason}.");
            }
        }
    }

    /// <summary>No restriction and nothing required.</summary>
    public static BackendSelection Unrestricted { get; } = new([], []);

    /// <summary>The backends a run may use, as catalogue short names; <see langword="null"/> when all may be used.</summary>
    public IReadOnlyList<string>? Allowed { get; }

    /// <summary>The backends that must be available, as catalogue short names (empty when none is).</summary>
    public IReadOnlyList<string> Required { get; }

    /// <summary>Reads <c>ACCELERATE_BACKENDS</c> and <c>ACCELERATE_REQUIRE_BACKENDS</c>.</summary>
    /// <returns>The selection they describe.</returns>
    /// <exception cref="ArgumentException">A variable names an unknown backend, or requires a backend the other excludes.</exception>
    public static BackendSelection FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable(AllowedVariable), Environment.GetEnvironmentVariable(RequiredVariable));

    /// <summary>Parses backend lists written as the environment variables are (reasons name those variables).</summary>
    /// <param name="allowed">The backends a run may use, e.g. <c>cpu,cuda</c>; <see langword="null"/> or empty for all.</param>
    /// <param name="required">The backends that must be available, e.g. <c>cuda</c>; <see langword="null"/> or empty for none.</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ArgumentException">A list names an unknown backend (the message lists the known ones), or a required backend is not allowed.</exception>
    public static BackendSelection Parse(string? allowed, string? required) =>
        Parse(allowed, required, AllowedVariable, RequiredVariable);

    /// <summary>Parses backend lists from another source, such as MSBuild properties, named in reasons and errors.</summary>
    /// <param name="allowed">The backends a run may use, e.g. <c>cpu,cuda</c>; <see langword="null"/> or empty for all.</param>
    /// <param name="required">The backends that must be available, e.g. <c>cuda</c>; <see langword="null"/> or empty for none.</param>
    /// <param name="allowedSource">What <paramref name="allowed"/> came from, e.g. <c>AccelerateBackends</c>: reasons read "excluded by AccelerateBackends=cpu".</param>
    /// <param name="requiredSource">What <paramref name="required"/> came from, e.g. <c>AccelerateRequireBackends</c>.</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ArgumentException">A list names an unknown backend (the message lists the known ones), or a required backend is not allowed.</exception>
    public static BackendSelection Parse(string? allowed, string? required, string allowedSource, string requiredSource)
    {
        ArgumentNullException.ThrowIfNull(allowedSource);
        ArgumentNullException.ThrowIfNull(requiredSource);
        var allowedNames = ParseList(allowed, allowedSource, nameof(allowed));
        var requiredNames = ParseList(required, requiredSource, nameof(required));
        var restrictions = allowedNames.Count == 0 ? Array.Empty<Restriction>() : [new Restriction(allowedSource, allowedNames)];
        var requiredText = $"{requiredSource}={string.Join(",", requiredNames)}";
        return new BackendSelection(restrictions, requiredNames.Select(n => (n, requiredText)).ToList());
    }

    /// <summary>
    /// Combines two selections: a backend is allowed only if both allow it (a <see langword="null"/>
    /// <see cref="Allowed"/> allows all), and required if either requires it.
    /// </summary>
    /// <param name="first">One selection, e.g. from the environment (its sources come first in reasons).</param>
    /// <param name="second">The other, e.g. from MSBuild properties.</param>
    /// <returns>The combined selection.</returns>
    /// <exception cref="ArgumentException">One requires a backend the other excludes.</exception>
    public static BackendSelection Combine(BackendSelection first, BackendSelection second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var required = first._required.ToList();
        required.AddRange(second._required.Where(r => !required.Exists(q => q.Name == r.Name)));
        return new BackendSelection([.. first._restrictions, .. second._restrictions], required);
    }

    /// <summary>Whether a run may use <paramref name="backend"/>.</summary>
    /// <param name="backend">A short name (any case) or provider name.</param>
    /// <param name="reason">Why not, e.g. "excluded by ACCELERATE_BACKENDS=cpu"; empty when allowed.</param>
    /// <returns><see langword="true"/> when no restriction excludes it.</returns>
    public bool IsAllowed(string backend, out string reason)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var info = BackendCatalog.Find(backend);
        if (info is null)
        {
            reason = BackendProber.UnknownBackendReason(backend);
            return false;
        }

        foreach (var restriction in _restrictions)
        {
            if (!restriction.Names.Contains(info.Name, StringComparer.Ordinal))
            {
                reason = $"excluded by {restriction}";
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>Whether <paramref name="backend"/> must be available (an unavailable one is a failure, not a skip).</summary>
    /// <param name="backend">A short name (any case) or provider name.</param>
    /// <returns><see langword="true"/> when a requirement names it.</returns>
    public bool IsRequired(string backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var info = BackendCatalog.Find(backend);
        return info is not null && _required.Any(r => r.Name == info.Name);
    }

    /// <summary>What requires <paramref name="backend"/>, e.g. "ACCELERATE_REQUIRE_BACKENDS=cuda"; <see langword="null"/> when nothing does.</summary>
    /// <param name="backend">A short name (any case) or provider name.</param>
    /// <returns>The requirement, as source=value.</returns>
    public string? RequiredBy(string backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var info = BackendCatalog.Find(backend);
        return info is null ? null : _required.FirstOrDefault(r => r.Name == info.Name).Source;
    }

    /// <summary>The restrictions and requirements, e.g. "ACCELERATE_BACKENDS=cpu,cuda; ACCELERATE_REQUIRE_BACKENDS=cuda", or "all backends allowed, none required".</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString()
    {
        var parts = _restrictions.Select(r => r.ToString()).Concat(_required.Select(r => r.Source).Distinct()).ToList();
        return parts.Count == 0 ? "all backends allowed, none required" : string.Join("; ", parts);
    }

    private static List<string> ParseList(string? text, string source, string parameter)
    {
        var names = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return names;
        }

        foreach (var item in text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var backend = BackendCatalog.Find(item)
                ?? throw new ArgumentException($"{source}={text.Trim()} names an unknown backend: {BackendProber.UnknownBackendReason(item)}.", parameter);
            if (!names.Contains(backend.Name, StringComparer.Ordinal))
            {
                names.Add(backend.Name);
            }
        }

        return names;
    }

    private sealed record Restriction(string Source, IReadOnlyList<string> Names)
    {
        public override string ToString() => $"{Source}={string.Join(",", Names)}";
    }
}
