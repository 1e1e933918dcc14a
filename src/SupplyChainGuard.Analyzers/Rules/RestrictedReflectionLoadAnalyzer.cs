using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// SCG0104: <c>Assembly.Load*</c>, <c>Type.GetType</c> and <c>Activator.CreateInstance*</c> with a constant
    /// string naming a restricted assembly or type — the way code reaches a publisher without a reference.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RestrictedReflectionLoadAnalyzer : PolicyAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RestrictedReflectionLoad);

        private protected override bool HasWork(PublisherIndex index) => true;

        private protected override void Register(CompilationStartAnalysisContext context, PublisherIndex index)
        {
            context.RegisterSyntaxNodeAction(c => Analyze(c, index), SyntaxKind.InvocationExpression);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            var name = invocation.Expression is MemberAccessExpressionSyntax member ? member.Name.Identifier.ValueText : null;
            if (name is null || !(name.StartsWith("Load", StringComparison.Ordinal) || name == "GetType" || name.StartsWith("CreateInstance", StringComparison.Ordinal))
                || invocation.ArgumentList.Arguments.Count == 0 || RuleContext.Skips(index, context.IsGeneratedCode))
            {
                return;
            }

            if (context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method)
            {
                return;
            }

            var container = method.ContainingType?.ToDisplayString();
            var arguments = invocation.ArgumentList.Arguments;
            switch (container)
            {
                case "System.Reflection.Assembly" when name.StartsWith("Load", StringComparison.Ordinal):
                    CheckAssembly(context, index, arguments[0].Expression, "Assembly." + name, fileName: name is "LoadFrom" or "LoadFile");
                    break;
                case "System.Type" when name == "GetType" && method.IsStatic:
                    CheckType(context, index, arguments[0].Expression, "Type.GetType", assemblyName: null);
                    break;
                case "System.Activator" when arguments.Count >= 2 && method.Parameters[0].Type.SpecialType == SpecialType.System_String:
                    var assembly = Constant(context, arguments[0].Expression);
                    if (!CheckAssembly(context, index, arguments[0].Expression, "Activator." + name, fileName: name == "CreateInstanceFrom"))
                    {
                        CheckType(context, index, arguments[1].Expression, "Activator." + name, assembly);
                    }

                    break;
            }
        }

        private static bool CheckAssembly(SyntaxNodeAnalysisContext context, PublisherIndex index, ExpressionSyntax expression, string what, bool fileName)
        {
            if (Constant(context, expression) is not { } text)
            {
                return false;
            }

            var simpleName = fileName ? FileNameWithoutExtension(text) : text.Split(',')[0].Trim();
            return Report(context, index, expression, what, text, index.ForAssemblyName(simpleName));
        }

        private static void CheckType(SyntaxNodeAnalysisContext context, PublisherIndex index, ExpressionSyntax expression, string what, string? assemblyName)
        {
            if (Constant(context, expression) is not { } text)
            {
                return;
            }

            // "Namespace.Type, Assembly, Version=…": the assembly part, if any, names the publisher's assembly.
            var parts = text.Split(new[] { ',' }, 2);
            var typeName = parts[0].Trim();
            var assembly = parts.Length > 1 ? parts[1].Split(',')[0].Trim() : assemblyName?.Split(',')[0].Trim();
            var restriction = assembly is { Length: > 0 } ? index.ForAssemblyName(assembly) : null;
            if (restriction is null)
            {
                var type = context.SemanticModel.Compilation.GetTypeByMetadataName(typeName);
                restriction = type is not null ? index.ForSymbol(type) : NamespaceRestriction(context, index, typeName);
            }

            Report(context, index, expression, what, text, restriction);
        }

        private static Restriction? NamespaceRestriction(SyntaxNodeAnalysisContext context, PublisherIndex index, string typeName)
        {
            var dot = typeName.LastIndexOf('.');
            if (dot <= 0)
            {
                return null;
            }

            var attribution = index.Matcher.Match(new SupplyChainGuard.Policy.PublisherEvidence { Namespaces = new[] { typeName.Substring(0, dot) } })
                .FirstOrDefault(a => a.IsRestricted && a.Signals.Count > 0);
            return attribution is null ? null : Restriction.From(attribution);
        }

        private static bool Report(SyntaxNodeAnalysisContext context, PublisherIndex index, ExpressionSyntax expression, string what, string text, Restriction? restriction)
        {
            if (restriction is null || index.IsWaived(restriction, null, null, index.Today))
            {
                return restriction is not null;
            }

            RuleContext.Report(context.ReportDiagnostic, Descriptors.RestrictedReflectionLoad, expression.GetLocation(), restriction,
                what, text, restriction.VendorText, restriction.Evidence, restriction.Advice(null));
            return true;
        }

        private static string? Constant(SyntaxNodeAnalysisContext context, ExpressionSyntax expression) =>
            context.SemanticModel.GetConstantValue(expression, context.CancellationToken) is { HasValue: true, Value: string text } ? text : null;

        private static string FileNameWithoutExtension(string path)
        {
            var name = path.Substring(Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\')) + 1);
            return name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
                ? name.Substring(0, name.Length - 4)
                : name;
        }
    }
}
