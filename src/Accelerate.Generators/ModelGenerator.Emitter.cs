using System.Text;
using Accelerate.Generators.Specs;
using Scriban;
using Scriban.Runtime;

namespace Accelerate.Generators;

public sealed partial class ModelGenerator
{
    /// <summary>Renders specs with the Scriban templates embedded in this assembly.</summary>
    internal static class Emitter
    {
        private static readonly Lazy<Template> ModelTemplate = new(() => LoadTemplate("Model.scriban"));

        private static readonly string Version =
            typeof(Emitter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        public static string EmitModel(ModelSpec spec)
        {
            var model = new ScriptObject();
            model.Import(spec, renamer: member => member.Name);
            model["SupportedOutputs"] = spec.Outputs.Where(o => o.IsSupported).ToList();
            model["GeneratorVersion"] = Version;
            model.Import("lit", new Func<string?, string>(CSharpLiteral));
            model.Import("xml", new Func<string?, string>(XmlText));
            model.Import("shape", new Func<TensorSpec, string>(Shape));

            var context = new TemplateContext { MemberRenamer = member => member.Name, StrictVariables = true, LoopLimit = 0 };
            context.PushGlobal(model);
            var text = ModelTemplate.Value.Render(context);
            return text.Replace("\r\n", "\n");
        }

        private static Template LoadTemplate(string name)
        {
            using var stream = typeof(Emitter).Assembly.GetManifestResourceStream("Accelerate.Generators.Templates." + name)
                ?? throw new InvalidOperationException($"Template {name} is not embedded.");
            using var reader = new StreamReader(stream);
            var template = Template.Parse(reader.ReadToEnd(), name);
            if (template.HasErrors)
            {
                throw new InvalidOperationException($"Template {name} has errors: {string.Join("; ", template.Messages)}");
            }
            return template;
        }

        /// <summary>A C# string literal (or null) for any text, escaping quotes, backslashes and control characters.</summary>
        internal static string CSharpLiteral(string? value)
        {
            if (value is null) return "null";
            var builder = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    case '\0': builder.Append("\\0"); break;
                    default:
                        if (char.IsControl(c) || c == '\u2028' || c == '\u2029') builder.Append("\\u").Append(((int)c).ToString("x4"));
                        else builder.Append(c);
                        break;
                }
            }
            return builder.Append('"').ToString();
        }

        /// <summary>Text safe inside an XML doc comment line: escaped and folded onto one line.</summary>
        internal static string XmlText(string? value)
        {
            if (string.IsNullOrEmpty(value)) return "";
            // C# also ends a line (and so the /// comment) at U+0085, U+2028 and U+2029; other control characters are
            // not allowed in XML at all. Fold them all into spaces.
            var single = string.Join(" ", value!.Split(['\r', '\n', '\u0085', '\u2028', '\u2029'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
            var text = new string(single.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
            return text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        }

        private static string Shape(TensorSpec tensor) =>
            tensor.HasShape
                ? "[" + string.Join(", ", tensor.Dimensions.Select(DimensionText)) + "]"
                : "(shape not declared)";

        private static string DimensionText(DimensionSpec d) =>
            d.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? (string.IsNullOrEmpty(d.Symbol) ? "?" : XmlText(d.Symbol));
    }
}
