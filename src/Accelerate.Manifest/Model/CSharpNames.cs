using System.Text;

namespace Accelerate.Manifest.Model;

/// <summary>C# identifier rules shared by manifest validation and code generation.</summary>
public static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>True for C# reserved keywords.</summary>
    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>True when <paramref name="name"/> is a valid, non-keyword C# identifier (ASCII letters, digits, '_', and Unicode letters).</summary>
    public static bool IsValidIdentifier(string name)
    {
        if (string.IsNullOrEmpty(name) || IsKeyword(name)) return false;
        if (!(char.IsLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    /// <summary>True when <paramref name="name"/> is a dotted sequence of identifiers.</summary>
    public static bool IsValidNamespace(string name) =>
        !string.IsNullOrEmpty(name) && name.Split('.').All(IsValidIdentifier);

    /// <summary>
    /// Turns any text (an ONNX tensor name, a file name) into a PascalCase identifier:
    /// "input_ids" → "InputIds", "last_hidden_state" → "LastHiddenState", "3d:0" → "_3d0", "" → "_".
    /// </summary>
    public static string ToPascalCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        var upperNext = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }
        if (builder.Length == 0 || char.IsDigit(builder[0])) builder.Insert(0, '_');
        var result = builder.ToString();
        return IsKeyword(result) ? "@" + result : result;
    }

    /// <summary>Makes each name unique by appending 2, 3, ... to repeats ("_2" after a digit, so "Input1" → "Input1_2"), keeping order.</summary>
    public static IReadOnlyList<string> Deduplicate(IEnumerable<string> names, IEnumerable<string>? reserved = null)
    {
        var used = new HashSet<string>(reserved ?? [], StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var candidate = name;
            var separator = name.Length > 0 && char.IsDigit(name[name.Length - 1]) ? "_" : "";
            for (var n = 2; !used.Add(candidate); n++) candidate = name + separator + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            result.Add(candidate);
        }
        return result;
    }
}
