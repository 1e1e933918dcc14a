using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>An additional file held in memory, as the compiler hands AdditionalFiles to an analyzer.</summary>
    internal sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>
    /// The MSBuild properties the package's targets make visible to analyzers (<c>build_property.*</c> in the
    /// generated global editorconfig); no per-file options.
    /// </summary>
    internal sealed class BuildPropertyOptions : AnalyzerConfigOptionsProvider
    {
        private readonly Options _global;

        public BuildPropertyOptions(IReadOnlyDictionary<string, string> properties)
        {
            var values = new Dictionary<string, string>();
            foreach (var property in properties)
            {
                values["build_property." + property.Key] = property.Value;
            }

            _global = new Options(values);
        }

        /// <summary>Only <c>SupplyChainGuardPolicyFile</c>, as the targets set it for the policy in force.</summary>
        public static BuildPropertyOptions ForPolicy(string policyPath) =>
            new BuildPropertyOptions(new Dictionary<string, string> { ["SupplyChainGuardPolicyFile"] = policyPath });

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new Options(new Dictionary<string, string>());
            private readonly Dictionary<string, string> _values;

            public Options(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }
}
