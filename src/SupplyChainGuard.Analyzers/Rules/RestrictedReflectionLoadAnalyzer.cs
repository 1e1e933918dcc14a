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
    /// SCG0104: loading by constant name an assembly or type of a restricted publisher — <c>Assembly.Load*</c>,
    /// <c>Assembly.GetType</c>, <c>Type.GetType</c>, <c>Activator.CreateInstance*</c>, <c>AppDomain.Load</c> and
    /// <c>CreateInstance*</c>, <c>AssemblyLoadContext.LoadFromAssemblyPath</c>/<c>Name</c>, <c>new AssemblyName(…)</c> — however
    /// the method is reached: qualified, through an alias, <c>using static</c>, <c>?.</c>, with named arguments in
    /// any order. The call is recognised by its method symbol, never by how its receiver is spelled.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RestrictedReflectionLoadAnalyzer : PolicyAnalyzer
    {
        private static readonly System.Collections.Generic.HashSet<string> MethodNames = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal)
        {
            "Load", "LoadFrom", "LoadFile", "LoadWithPartialName", "UnsafeLoadFrom", "ReflectionOnlyLoad", "ReflectionOnlyLoadFrom",
            "GetType", "CreateInstance", "CreateInstanceFrom", "CreateInstanceAndUnwrap", "CreateInstanceFromAndUnwrap",
            "LoadFromAssemblyPath", "LoadFromAssemblyName", "LoadFromNativeImagePath",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RestrictedReflectionLoad);

        private protected override bool HasWork(PublisherIndex index) => true;

        private protected override void Register(CompilationStartAnalysisContext context, PublisherIndex index)
        {
            context.RegisterSyntaxNodeAction(c => Analyze(c, index), SyntaxKind.InvocationExpression);
            context.RegisterSyntaxNodeAction(c => AnalyzeAssemblyName(c, index), SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression);
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            // The method's own name, whatever stands before it: Assembly.Load, global::System.Reflection.Assembly.Load,
            // A.Load with an alias A, Load under using static, asm?.GetType.
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            if (name is null || !MethodNames.Contains(name) || invocation.ArgumentList.Arguments.Count == 0 || RuleContext.Skips(index, context.IsGeneratedCode))
            {
                return;
            }

            if (context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method)
            {
                return;
            }

            method = method.ReducedFrom ?? method;
            var container = method.ContainingType?.ToDisplayString();
            var what = (method.ContainingType?.Name ?? container) + "." + name;
            var arguments = new ArgumentMap(invocation.ArgumentList, method);
            switch (container)
            {
                case "System.Reflection.Assembly" when name.StartsWith("Load", StringComparison.Ordinal) || name.EndsWith("LoadFrom", StringComparison.Ordinal) || name.StartsWith("ReflectionOnly", StringComparison.Ordinal):
                    CheckAssembly(context, index, arguments.First(SpecialType.System_String), what, fileName: name.EndsWith("From", StringComparison.Ordinal) || name == "LoadFile");
                    break;
                case "System.Reflection.Assembly" when name == "GetType" && !method.IsStatic:
                case "System.Type" when name == "GetType" && method.IsStatic:
                    CheckType(context, index, arguments.Named("name", "typeName") ?? arguments.First(SpecialType.System_String), what, assemblyName: null);
                    break;
                case "System.Activator" or "System.AppDomain" when name.StartsWith("CreateInstance", StringComparison.Ordinal):
                    var assemblyArgument = arguments.Named("assemblyName", "assemblyFile");
                    var typeArgument = arguments.Named("typeName");
                    if (assemblyArgument is null || !CheckAssembly(context, index, assemblyArgument, what, fileName: name.StartsWith("CreateInstanceFrom", StringComparison.Ordinal)))
                    {
                        CheckType(context, index, typeArgument, what, assemblyArgument is null ? null : Constant(context, assemblyArgument));
                    }

                    break;
                case "System.AppDomain" when name == "Load":
                    CheckAssembly(context, index, arguments.First(SpecialType.System_String), what, fileName: false);
                    break;
                case "System.Runtime.Loader.AssemblyLoadContext" when name is "LoadFromAssemblyPath" or "LoadFromNativeImagePath":
                    CheckAssembly(context, index, arguments.First(SpecialType.System_String), what, fileName: true);
                    break;
            }
        }

        /// <summary><c>new AssemblyName("AipSdk")</c>: the name that <c>AssemblyLoadContext.LoadFromAssemblyName</c> and
        /// <c>Assembly.Load(AssemblyName)</c> take.</summary>
        private static void AnalyzeAssemblyName(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            var creation = (BaseObjectCreationExpressionSyntax)context.Node;
            if (creation.ArgumentList is not { Arguments.Count: > 0 } argumentList
                || (creation is ObjectCreationExpressionSyntax { Type: var type } && LastName(type) != "AssemblyName")
                || RuleContext.Skips(index, context.IsGeneratedCode))
            {
                return;
            }

            if (context.SemanticModel.GetSymbolInfo(creation, context.CancellationToken).Symbol is IMethodSymbol constructor
                && constructor.ContainingType.ToDisplayString() == "System.Reflection.AssemblyName")
            {
                CheckAssembly(context, index, new ArgumentMap(argumentList, constructor).First(SpecialType.System_String), "new AssemblyName", fileName: false);
            }
        }

        private static string? LastName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        /// <summary>Arguments matched to parameters the way the compiler does it: by name when named, else by position.</summary>
        private readonly struct ArgumentMap
        {
            private readonly ArgumentListSyntax _arguments;
            private readonly IMethodSymbol _method;

            public ArgumentMap(ArgumentListSyntax arguments, IMethodSymbol method)
            {
                _arguments = arguments;
                _method = method;
            }

            /// <summary>The argument for the first parameter of that type.</summary>
            public ExpressionSyntax? First(SpecialType type)
            {
                for (var i = 0; i < _method.Parameters.Length; i++)
                {
                    if (_method.Parameters[i].Type.SpecialType == type)
                    {
                        return For(_method.Parameters[i], i);
                    }
                }

                return null;
            }

            /// <summary>The argument for the first parameter with one of these names.</summary>
            public ExpressionSyntax? Named(params string[] names)
            {
                for (var i = 0; i < _method.Parameters.Length; i++)
                {
                    if (Array.IndexOf(names, _method.Parameters[i].Name) >= 0)
                    {
                        return For(_method.Parameters[i], i);
                    }
                }

                return null;
            }

            private ExpressionSyntax? For(IParameterSymbol parameter, int position)
            {
                var arguments = _arguments.Arguments;
                foreach (var argument in arguments)
                {
                    if (argument.NameColon?.Name.Identifier.ValueText == parameter.Name)
                    {
                        return argument.Expression;
                    }
                }

                return position < arguments.Count && arguments[position].NameColon is null ? arguments[position].Expression : null;
            }
        }

        private static bool CheckAssembly(SyntaxNodeAnalysisContext context, PublisherIndex index, ExpressionSyntax? expression, string what, bool fileName)
        {
            if (expression is null || Constant(context, expression) is not { } text)
            {
                return false;
            }

            var simpleName = fileName ? FileNameWithoutExtension(text) : text.Split(',')[0].Trim();
            return Report(context, index, expression, what, text, index.ForAssemblyName(simpleName));
        }

        private static void CheckType(SyntaxNodeAnalysisContext context, PublisherIndex index, ExpressionSyntax? expression, string what, string? assemblyName)
        {
            if (expression is null || Constant(context, expression) is not { } text)
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
