using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// SCG0103: <c>[DllImport]</c>, <c>[LibraryImport]</c>, <c>NativeLibrary.Load</c> and <c>TryLoad</c> whose
    /// constant library name matches a vendor's <c>nativeLibraries</c> (with or without extension, <c>lib</c>
    /// prefix or directories).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RestrictedNativeLibraryAnalyzer : PolicyAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RestrictedNativeLibrary);

        private protected override bool HasWork(PublisherIndex index) => index.HasNativeLibraries;

        private protected override void Register(CompilationStartAnalysisContext context, PublisherIndex index)
        {
            context.RegisterSyntaxNodeAction(c => AnalyzeAttribute(c, index), SyntaxKind.Attribute);
            context.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, index), SyntaxKind.InvocationExpression);
        }

        private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            var attribute = (AttributeSyntax)context.Node;
            var simple = attribute.Name is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : (attribute.Name as SimpleNameSyntax)?.Identifier.ValueText;
            // Generated [DllImport]s are what the LibraryImport generator writes for an attribute already reported.
            if (simple is not ("DllImport" or "DllImportAttribute" or "LibraryImport" or "LibraryImportAttribute")
                || attribute.ArgumentList?.Arguments.FirstOrDefault() is not { NameEquals: null, NameColon: null } argument
                || context.IsGeneratedCode)
            {
                return;
            }

            var type = context.SemanticModel.GetTypeInfo(attribute, context.CancellationToken).Type;
            if (type?.ContainingNamespace?.ToDisplayString() != "System.Runtime.InteropServices")
            {
                return;
            }

            Check(context, index, argument.Expression, attribute.GetLocation(), "[" + simple.Replace("Attribute", string.Empty) + "]");
        }

        private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            var name = invocation.Expression is MemberAccessExpressionSyntax member ? member.Name.Identifier.ValueText : null;
            if (name is not ("Load" or "TryLoad") || invocation.ArgumentList.Arguments.Count == 0 || RuleContext.Skips(index, context.IsGeneratedCode))
            {
                return;
            }

            if (context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method
                || method.ContainingType?.ToDisplayString() != "System.Runtime.InteropServices.NativeLibrary"
                || method.Parameters.Length == 0 || method.Parameters[0].Type.SpecialType != SpecialType.System_String)
            {
                return;
            }

            Check(context, index, invocation.ArgumentList.Arguments[0].Expression, invocation.GetLocation(), "NativeLibrary." + name);
        }

        private static void Check(SyntaxNodeAnalysisContext context, PublisherIndex index, ExpressionSyntax libraryExpression, Location location, string what)
        {
            if (context.SemanticModel.GetConstantValue(libraryExpression, context.CancellationToken) is not { HasValue: true, Value: string library })
            {
                return;
            }

            var attribution = index.Matcher.MatchNativeLibrary(library).FirstOrDefault(a => a.IsRestricted);
            if (attribution is null)
            {
                return;
            }

            var restriction = Restriction.From(attribution);
            if (index.IsWaived(restriction, null, null, index.Today))
            {
                return;
            }

            RuleContext.Report(context.ReportDiagnostic, Descriptors.RestrictedNativeLibrary, location, restriction,
                what, library, restriction.VendorText, restriction.Evidence, restriction.Advice(null));
        }
    }
}
