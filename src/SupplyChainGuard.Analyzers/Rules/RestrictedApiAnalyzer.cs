using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// SCG0101: every use of a type or member of a restricted publisher.
    /// <para>
    /// Names first: every name in source that denotes one — calls, <c>new</c>, member access, <c>typeof</c>, base
    /// lists, attributes and their arguments, declared types, generic arguments (in alias directives too),
    /// casts, patterns, <c>catch</c>, <c>nameof</c>, events, aliases — is reported once, on the name, and XML-doc
    /// <c>cref</c>s at most as information. A name is bound only when its text is one a restricted assembly or
    /// namespace declares (<see cref="PublisherIndex.IsCandidate"/>).
    /// </para>
    /// <para>
    /// Then the uses that have no name in source — user-defined operators and conversions, target-typed
    /// <c>new()</c>, indexers, <c>foreach</c>, <c>await</c>, <c>using</c>, deconstruction, collection
    /// initializers, query clauses, <c>with</c>, pointers, delegate invocation — each registered only when a
    /// restricted type makes it possible (<see cref="NamelessUses"/>), and reported where BannedApiAnalyzers
    /// reports the operation, or on the keyword where it reports nothing.
    /// </para>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RestrictedApiAnalyzer : PolicyAnalyzer
    {
        private static readonly (SyntaxKind Kind, string[] Operators)[] OperatorKinds =
        {
            (SyntaxKind.AddExpression, new[] { "op_Addition", "op_CheckedAddition" }),
            (SyntaxKind.SubtractExpression, new[] { "op_Subtraction", "op_CheckedSubtraction" }),
            (SyntaxKind.MultiplyExpression, new[] { "op_Multiply", "op_CheckedMultiply" }),
            (SyntaxKind.DivideExpression, new[] { "op_Division", "op_CheckedDivision" }),
            (SyntaxKind.ModuloExpression, new[] { "op_Modulus" }),
            (SyntaxKind.LeftShiftExpression, new[] { "op_LeftShift" }),
            (SyntaxKind.RightShiftExpression, new[] { "op_RightShift" }),
            (SyntaxKind.UnsignedRightShiftExpression, new[] { "op_UnsignedRightShift" }),
            (SyntaxKind.BitwiseAndExpression, new[] { "op_BitwiseAnd" }),
            (SyntaxKind.BitwiseOrExpression, new[] { "op_BitwiseOr" }),
            (SyntaxKind.ExclusiveOrExpression, new[] { "op_ExclusiveOr" }),
            (SyntaxKind.LogicalAndExpression, new[] { "op_BitwiseAnd", "op_False" }),
            (SyntaxKind.LogicalOrExpression, new[] { "op_BitwiseOr", "op_True" }),
            (SyntaxKind.EqualsExpression, new[] { "op_Equality" }),
            (SyntaxKind.NotEqualsExpression, new[] { "op_Inequality" }),
            (SyntaxKind.LessThanExpression, new[] { "op_LessThan" }),
            (SyntaxKind.LessThanOrEqualExpression, new[] { "op_LessThanOrEqual" }),
            (SyntaxKind.GreaterThanExpression, new[] { "op_GreaterThan" }),
            (SyntaxKind.GreaterThanOrEqualExpression, new[] { "op_GreaterThanOrEqual" }),
            (SyntaxKind.AddAssignmentExpression, new[] { "op_Addition", "op_CheckedAddition", "op_AdditionAssignment" }),
            (SyntaxKind.SubtractAssignmentExpression, new[] { "op_Subtraction", "op_CheckedSubtraction", "op_SubtractionAssignment" }),
            (SyntaxKind.MultiplyAssignmentExpression, new[] { "op_Multiply", "op_CheckedMultiply", "op_MultiplicationAssignment" }),
            (SyntaxKind.DivideAssignmentExpression, new[] { "op_Division", "op_CheckedDivision", "op_DivisionAssignment" }),
            (SyntaxKind.ModuloAssignmentExpression, new[] { "op_Modulus", "op_ModulusAssignment" }),
            (SyntaxKind.AndAssignmentExpression, new[] { "op_BitwiseAnd", "op_BitwiseAndAssignment" }),
            (SyntaxKind.OrAssignmentExpression, new[] { "op_BitwiseOr", "op_BitwiseOrAssignment" }),
            (SyntaxKind.ExclusiveOrAssignmentExpression, new[] { "op_ExclusiveOr", "op_ExclusiveOrAssignment" }),
            (SyntaxKind.LeftShiftAssignmentExpression, new[] { "op_LeftShift", "op_LeftShiftAssignment" }),
            (SyntaxKind.RightShiftAssignmentExpression, new[] { "op_RightShift", "op_RightShiftAssignment" }),
            (SyntaxKind.UnsignedRightShiftAssignmentExpression, new[] { "op_UnsignedRightShift", "op_UnsignedRightShiftAssignment" }),
            (SyntaxKind.UnaryPlusExpression, new[] { "op_UnaryPlus" }),
            (SyntaxKind.UnaryMinusExpression, new[] { "op_UnaryNegation", "op_CheckedUnaryNegation" }),
            (SyntaxKind.BitwiseNotExpression, new[] { "op_OnesComplement" }),
            (SyntaxKind.LogicalNotExpression, new[] { "op_LogicalNot" }),
            (SyntaxKind.PreIncrementExpression, new[] { "op_Increment", "op_CheckedIncrement", "op_IncrementAssignment" }),
            (SyntaxKind.PreDecrementExpression, new[] { "op_Decrement", "op_CheckedDecrement", "op_DecrementAssignment" }),
            (SyntaxKind.PostIncrementExpression, new[] { "op_Increment", "op_CheckedIncrement", "op_IncrementAssignment" }),
            (SyntaxKind.PostDecrementExpression, new[] { "op_Decrement", "op_CheckedDecrement", "op_DecrementAssignment" }),
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RestrictedApi);

        private protected override bool HasWork(PublisherIndex index) => index.HasRestrictedSymbols;

        private protected override void Register(CompilationStartAnalysisContext context, PublisherIndex index)
        {
            var uses = new RestrictedUses(index);
            context.RegisterSyntaxNodeAction(c => AnalyzeName(c, uses), SyntaxKind.IdentifierName, SyntaxKind.GenericName);
            RegisterNameless(context, index, uses);
        }

        private static void RegisterNameless(CompilationStartAnalysisContext context, PublisherIndex index, RestrictedUses uses)
        {
            var nameless = index.Nameless;
            void When(NamelessUses use, System.Action<SyntaxNodeAnalysisContext, RestrictedUses> action, params SyntaxKind[] kinds)
            {
                if ((nameless & use) != 0)
                {
                    context.RegisterSyntaxNodeAction(c =>
                    {
                        if (!RuleContext.Skips(index, c.IsGeneratedCode))
                        {
                            action(c, uses);
                        }
                    }, kinds);
                }
            }

            When(NamelessUses.TargetTypedCreations, Nameless.TargetTypedCreation, SyntaxKind.ImplicitObjectCreationExpression);
            When(NamelessUses.TargetTypedCreations, Nameless.BaseConstructorCall, SyntaxKind.BaseConstructorInitializer, SyntaxKind.PrimaryConstructorBaseType);
            When(NamelessUses.Indexers, Nameless.ElementAccess, SyntaxKind.ElementAccessExpression, SyntaxKind.ElementBindingExpression);
            When(NamelessUses.Enumerations, Nameless.ForEach, SyntaxKind.ForEachStatement, SyntaxKind.ForEachVariableStatement);
            When(NamelessUses.Awaits, Nameless.Await, SyntaxKind.AwaitExpression);
            When(NamelessUses.Disposals, Nameless.Using, SyntaxKind.UsingStatement, SyntaxKind.LocalDeclarationStatement);
            When(NamelessUses.Deconstructions, Nameless.Deconstruction, SyntaxKind.SimpleAssignmentExpression, SyntaxKind.ForEachVariableStatement, SyntaxKind.PositionalPatternClause);
            When(NamelessUses.CollectionInitializers, Nameless.CollectionInitializer, SyntaxKind.CollectionInitializerExpression);
            When(NamelessUses.Queries, Nameless.Query, SyntaxKind.QueryExpression);
            When(NamelessUses.WithExpressions, Nameless.With, SyntaxKind.WithExpression);
            When(NamelessUses.Pointers, Nameless.Pointer, SyntaxKind.AddressOfExpression, SyntaxKind.PointerIndirectionExpression);
            When(NamelessUses.DelegateInvocations, Nameless.DelegateInvocation, SyntaxKind.InvocationExpression);

            if ((nameless & NamelessUses.Operators) != 0)
            {
                // Only the operator kinds a restricted type declares: `a + b` is bound only if some restricted type has op_Addition.
                var kinds = ImmutableArray.CreateBuilder<SyntaxKind>();
                foreach (var (kind, operators) in OperatorKinds)
                {
                    if (index.DeclaresAnyOperator(operators))
                    {
                        kinds.Add(kind);
                    }
                }

                When(NamelessUses.Operators, Nameless.Operator, kinds.ToArray());
            }

            if ((nameless & NamelessUses.Conversions) != 0)
            {
                // An implicit conversion can sit under any expression, so no syntax check can decide which to
                // bind; this is the one operation action, and only for compilations that reference a restricted
                // type with user-defined conversions.
                context.RegisterOperationAction(c =>
                {
                    if (!RuleContext.Skips(index, c.IsGeneratedCode))
                    {
                        Nameless.Conversion(c, uses);
                    }
                }, OperationKind.Conversion);
            }
        }

        private static void AnalyzeName(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var name = (SimpleNameSyntax)context.Node;
            if (!uses.Index.IsCandidate(name) || RuleContext.Skips(uses.Index, context.IsGeneratedCode))
            {
                return;
            }

            var inDocumentation = name.IsPartOfStructuredTrivia();
            if (inDocumentation ? name.FirstAncestorOrSelf<CrefSyntax>() is null : IsDirectiveTarget(name))
            {
                return;
            }

            if (Bind(context.SemanticModel, name, uses, context.CancellationToken) is { } symbol)
            {
                // A cref runs nothing: it is reported, but as information only.
                if (uses.Diagnose(symbol, name.Identifier.GetLocation(), inDocumentation ? DiagnosticSeverity.Info : DiagnosticSeverity.Error) is { } diagnostic)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        /// <summary>
        /// The symbol a candidate name denotes. A called method is read from its invocation, which the compiler
        /// has already resolved, rather than from the method-group name, which makes the semantic model gather
        /// every extension method in scope.
        /// </summary>
        private static ISymbol? Bind(SemanticModel model, SimpleNameSyntax name, RestrictedUses uses, System.Threading.CancellationToken cancellationToken)
        {
            if (InvocationOf(name) is { } invocation
                && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { MethodKind: not MethodKind.DelegateInvoke } method)
            {
                return method;
            }

            // An alias binds to its target (List<Ocr> for Box); the alias itself says what the name was.
            if (uses.Index.IsAliasName(name.Identifier.ValueText) && model.GetAliasInfo(name, cancellationToken) is { } alias)
            {
                return alias;
            }

            var info = model.GetSymbolInfo(name, cancellationToken);
            return info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
        }

        private static InvocationExpressionSyntax? InvocationOf(SimpleNameSyntax name)
        {
            SyntaxNode callee = name.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Name == name => access,
                MemberBindingExpressionSyntax binding => binding,
                _ => name,
            };
            return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
        }

        /// <summary>
        /// Whether a name in a using directive is what the directive imports or aliases (SCG0102 reports that),
        /// or the alias's own name. Names elsewhere in it — generic arguments, tuple and array element types of
        /// an alias target (<c>global using Box = List&lt;Ocr&gt;;</c>) — are SCG0101's.
        /// </summary>
        private static bool IsDirectiveTarget(SimpleNameSyntax name)
        {
            SyntaxNode node = name;
            while (node.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax)
            {
                node = node.Parent;
            }

            return node.Parent switch
            {
                UsingDirectiveSyntax directive => directive.NamespaceOrType == node,
                NameEqualsSyntax { Parent: UsingDirectiveSyntax } => true,
                _ => false,
            };
        }
    }
}
