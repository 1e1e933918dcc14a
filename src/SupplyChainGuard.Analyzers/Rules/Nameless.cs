using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// SCG0101 for uses with no name of the restricted type or member in source. Each runs only when
    /// <see cref="PublisherIndex.Nameless"/> says a restricted type makes it possible. The location is the one
    /// BannedApiAnalyzers reports for the operation (<c>c + 1</c>, <c>0</c> in <c>C c = 0;</c>, <c>&amp;g[0]</c>, a collection
    /// initializer's element); where it reports nothing, the keyword that makes the call (<c>foreach</c>,
    /// <c>await</c>, <c>using</c>, <c>with</c>).
    /// </summary>
    internal static class Nameless
    {
        public static void TargetTypedCreation(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var creation = (ImplicitObjectCreationExpressionSyntax)context.Node;
            Report(context, uses, context.SemanticModel.GetSymbolInfo(creation, context.CancellationToken).Symbol, creation.NewKeyword.GetLocation());
        }

        /// <summary><c>: base(…)</c> and <c>class C() : Vendor(…)</c> call a restricted constructor; the base list names
        /// the type, the call is reported at <c>base(…)</c> or at the base type's argument list.</summary>
        public static void BaseConstructorCall(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            // The driver visits a primary constructor's base type twice, for the type and for the constructor.
            if (context.Node is PrimaryConstructorBaseTypeSyntax && context.ContainingSymbol is not IMethodSymbol)
            {
                return;
            }

            var location = context.Node switch
            {
                ConstructorInitializerSyntax initializer => Location.Create(initializer.SyntaxTree, TextSpan.FromBounds(initializer.ThisOrBaseKeyword.SpanStart, initializer.Span.End)),
                PrimaryConstructorBaseTypeSyntax primary => primary.ArgumentList.GetLocation(),
                _ => context.Node.GetLocation(),
            };
            Report(context, uses, context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol, location);
        }

        public static void ElementAccess(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var location = context.Node switch
            {
                ElementAccessExpressionSyntax access => access.ArgumentList.GetLocation(),
                ElementBindingExpressionSyntax binding => binding.ArgumentList.GetLocation(),
                _ => context.Node.GetLocation(),
            };
            if (context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol is IPropertySymbol { IsIndexer: true } indexer)
            {
                Report(context, uses, indexer, location);
            }
        }

        public static void Operator(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            if (context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } method)
            {
                Report(context, uses, method, context.Node.GetLocation());
            }
        }

        public static void Conversion(OperationAnalysisContext context, RestrictedUses uses)
        {
            var conversion = (IConversionOperation)context.Operation;
            if (conversion.OperatorMethod is not { } method)
            {
                return;
            }

            // (Money)1.5f names the type whose operator runs; the name is reported already.
            if (conversion.Syntax is CastExpressionSyntax cast && NamesCandidateType(uses.Index, cast.Type))
            {
                return;
            }

            Report(context, uses, method, conversion.Syntax.GetLocation());
        }

        public static void ForEach(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var statement = (CommonForEachStatementSyntax)context.Node;
            var info = context.SemanticModel.GetForEachStatementInfo(statement);
            var collection = context.SemanticModel.GetTypeInfo(statement.Expression, context.CancellationToken).Type;
            var restricted = First(uses, info.GetEnumeratorMethod, info.MoveNextMethod, info.CurrentProperty)
                ?? (info.GetEnumeratorMethod is { ContainingType.TypeKind: TypeKind.Interface } contract && collection is not null
                    ? First(uses, collection.FindImplementationForInterfaceMember(contract))
                    : null);
            Report(context, uses, restricted, statement.ForEachKeyword.GetLocation());
        }

        public static void Await(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var expression = (AwaitExpressionSyntax)context.Node;
            var info = context.SemanticModel.GetAwaitExpressionInfo(expression);
            Report(context, uses, First(uses, info.GetAwaiterMethod, info.GetResultMethod, info.IsCompletedProperty), expression.AwaitKeyword.GetLocation());
        }

        public static void Using(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            SyntaxToken keyword;
            bool isAsync;
            TypeSyntax? declared;
            ExpressionSyntax? resource = null;
            switch (context.Node)
            {
                case UsingStatementSyntax statement:
                    keyword = statement.UsingKeyword;
                    isAsync = statement.AwaitKeyword.RawKind != 0;
                    declared = statement.Declaration?.Type;
                    resource = statement.Expression;
                    break;
                case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } local:
                    keyword = local.UsingKeyword;
                    isAsync = local.AwaitKeyword.RawKind != 0;
                    declared = local.Declaration.Type;
                    break;
                default:
                    return;
            }

            var type = declared is not null
                ? context.SemanticModel.GetTypeInfo(declared, context.CancellationToken).Type
                : resource is null ? null : context.SemanticModel.GetTypeInfo(resource, context.CancellationToken).Type;
            Report(context, uses, DisposeOf(context.SemanticModel.Compilation, type, isAsync, uses), keyword.GetLocation());
        }

        public static void Deconstruction(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var model = context.SemanticModel;
            switch (context.Node)
            {
                case AssignmentExpressionSyntax { Left: TupleExpressionSyntax or DeclarationExpressionSyntax } assignment:
                    Report(context, uses, Deconstructor(model.GetDeconstructionInfo(assignment), uses), assignment.Left.GetLocation());
                    break;
                case ForEachVariableStatementSyntax statement:
                    Report(context, uses, Deconstructor(model.GetDeconstructionInfo(statement), uses), statement.Variable.GetLocation());
                    break;
                case PositionalPatternClauseSyntax clause when clause.Parent is RecursivePatternSyntax pattern:
                    if (model.GetOperation(pattern, context.CancellationToken) is IRecursivePatternOperation operation)
                    {
                        Report(context, uses, operation.DeconstructSymbol, clause.GetLocation());
                    }

                    break;
            }
        }

        public static void CollectionInitializer(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            foreach (var element in ((InitializerExpressionSyntax)context.Node).Expressions)
            {
                Report(context, uses, context.SemanticModel.GetCollectionInitializerSymbolInfo(element, context.CancellationToken).Symbol, element.GetLocation());
            }
        }

        public static void Query(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var query = (QueryExpressionSyntax)context.Node;
            Clause(context, uses, query.FromClause);
            for (var body = query.Body; body is not null; body = body.Continuation?.Body)
            {
                foreach (var clause in body.Clauses)
                {
                    Clause(context, uses, clause);
                }

                Report(context, uses, context.SemanticModel.GetSymbolInfo(body.SelectOrGroup, context.CancellationToken).Symbol, body.SelectOrGroup.GetLocation());
            }
        }

        public static void With(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var with = (WithExpressionSyntax)context.Node;
            var type = context.SemanticModel.GetTypeInfo(with.Expression, context.CancellationToken).Type;
            Report(context, uses, uses.RestrictedConstituent(type), with.WithKeyword.GetLocation());
        }

        public static void Pointer(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var type = context.SemanticModel.GetTypeInfo(context.Node, context.CancellationToken).Type;
            Report(context, uses, uses.RestrictedConstituent(type), context.Node.GetLocation());
        }

        public static void DelegateInvocation(SyntaxNodeAnalysisContext context, RestrictedUses uses)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            // A callee with a candidate name is the name rule's; a method call is no delegate invocation.
            var callee = invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            if (callee is not null && uses.Index.IsCandidate(callee))
            {
                return;
            }

            if (context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.DelegateInvoke } invoke)
            {
                Report(context, uses, invoke, invocation.GetLocation());
            }
        }

        private static void Report(SyntaxNodeAnalysisContext context, RestrictedUses uses, ISymbol? symbol, Location location)
        {
            if (uses.Diagnose(symbol, location) is { } diagnostic)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        private static void Report(OperationAnalysisContext context, RestrictedUses uses, ISymbol? symbol, Location location)
        {
            if (uses.Diagnose(symbol, location) is { } diagnostic)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        private static void Clause(SyntaxNodeAnalysisContext context, RestrictedUses uses, QueryClauseSyntax clause)
        {
            var info = context.SemanticModel.GetQueryClauseInfo(clause, context.CancellationToken);
            Report(context, uses, info.OperationInfo.Symbol ?? info.CastInfo.Symbol, clause.GetLocation());
        }

        private static ISymbol? Deconstructor(DeconstructionInfo info, RestrictedUses uses)
        {
            if (info.Method is { } method && uses.Index.ForSymbol(method) is not null)
            {
                return method;
            }

            foreach (var nested in info.Nested)
            {
                if (Deconstructor(nested, uses) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        private static ISymbol? First(RestrictedUses uses, params ISymbol?[] symbols)
        {
            foreach (var symbol in symbols)
            {
                if (symbol is not null && uses.Index.ForSymbol(symbol) is not null)
                {
                    return symbol;
                }
            }

            return null;
        }

        /// <summary>The restricted <c>Dispose</c> / <c>DisposeAsync</c> a <c>using</c> on this type runs, if any.</summary>
        private static ISymbol? DisposeOf(Compilation compilation, ITypeSymbol? type, bool isAsync, RestrictedUses uses)
        {
            if (type is null)
            {
                return null;
            }

            var contract = isAsync ? compilation.GetTypeByMetadataName("System.IAsyncDisposable") : compilation.GetSpecialType(SpecialType.System_IDisposable);
            foreach (var member in contract?.GetMembers(isAsync ? "DisposeAsync" : "Dispose") ?? default)
            {
                if (First(uses, type.FindImplementationForInterfaceMember(member)) is { } implementation)
                {
                    return implementation;
                }
            }

            // A ref struct's pattern Dispose, or a restricted type whose implementation the lookup did not find.
            foreach (var member in type.GetMembers(isAsync ? "DisposeAsync" : "Dispose"))
            {
                if (First(uses, member) is { } pattern)
                {
                    return pattern;
                }
            }

            return uses.Index.ForSymbol(type) is not null ? type : null;
        }

        private static bool NamesCandidateType(PublisherIndex index, TypeSyntax type)
        {
            foreach (var token in type.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && index.IsTypeName(token.ValueText))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
