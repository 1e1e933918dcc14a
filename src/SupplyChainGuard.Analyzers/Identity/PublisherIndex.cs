using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// Per-compilation answers to "who published this symbol?", shared by every rule. Cheap names first:
    /// the set of simple names declared by restricted assemblies and namespaces is built once, and a
    /// syntax node is bound to a symbol only when its name is in that set.
    /// </summary>
    internal sealed class PublisherIndex
    {
        private static readonly ConditionalWeakTable<Compilation, PublisherIndex> Indexes = new ConditionalWeakTable<Compilation, PublisherIndex>();

        private readonly Compilation _compilation;
        private readonly VendorMatcher _matcher;
        private readonly Dictionary<string, PackageHandover.RestrictedPackage> _packagesByAssembly;
        private readonly ConcurrentDictionary<IAssemblySymbol, Restriction?> _assemblies = new ConcurrentDictionary<IAssemblySymbol, Restriction?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<INamespaceSymbol, Restriction?> _namespaces = new ConcurrentDictionary<INamespaceSymbol, Restriction?>(SymbolEqualityComparer.Default);
        private readonly bool _matchesCompany;

        // Names source can write for a restricted symbol: types (with attribute short forms and the aliases that
        // name them), members, and the namespace segments that lead to them. A name is bound only when it is here.
        private readonly DeclaredNames _names = new DeclaredNames();

        /// <summary>What a referenced assembly declares, read once per assembly symbol: an editor's next compilation
        /// reuses the symbols of unchanged references, so a keystroke does not walk the vendor's SDK again.</summary>
        private static readonly ConditionalWeakTable<IAssemblySymbol, DeclaredNames> AssemblyNames = new ConditionalWeakTable<IAssemblySymbol, DeclaredNames>();

        /// <summary>A file's alias directives, read once per syntax tree (an edit replaces only its own tree).</summary>
        private static readonly ConditionalWeakTable<SyntaxTree, AliasDirective[]> TreeAliases = new ConditionalWeakTable<SyntaxTree, AliasDirective[]>();
        private readonly HashSet<string> _aliasNames = new HashSet<string>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<INamespaceSymbol, Restriction?> _importedNamespaces = new ConcurrentDictionary<INamespaceSymbol, Restriction?>(SymbolEqualityComparer.Default);

        private PublisherIndex(Compilation compilation, AnalyzerPolicy policy, SupplyChainPolicy rules, CancellationToken cancellationToken)
        {
            _compilation = compilation;
            Policy = policy;
            Rules = rules;
            _matcher = new VendorMatcher(rules);
            _matchesCompany = rules.Vendors.Any(v => v.Match.Authors.Count > 0);
            _packagesByAssembly = new Dictionary<string, PackageHandover.RestrictedPackage>(StringComparer.OrdinalIgnoreCase);
            foreach (var package in policy.Handover?.Packages ?? Enumerable.Empty<PackageHandover.RestrictedPackage>())
            {
                foreach (var assembly in package.Assemblies)
                {
                    if (!_packagesByAssembly.ContainsKey(assembly))
                    {
                        _packagesByAssembly[assembly] = package;
                    }
                }
            }

            Today = DateTime.UtcNow.Date;
            CollectNames(cancellationToken);
            CollectAliases(cancellationToken);
            CollectCandidates();
        }

        /// <summary>Today, for waiver expiry: read once per compilation.</summary>
        public DateTime Today { get; }

        public AnalyzerPolicy Policy { get; }

        public Compilation Compilation => _compilation;

        public SupplyChainPolicy Rules { get; }

        /// <summary>False when nothing this compilation references is restricted: rules then register nothing.</summary>
        public bool HasRestrictedSymbols => _names.Types.Count > 0 || _names.Members.Count > 0;

        /// <summary>The uses without a name in source that some restricted type makes possible; only these are bound.</summary>
        public NamelessUses Nameless => _names.Nameless;

        /// <summary>Whether a restricted type declares the user-defined operator with this metadata name (<c>op_Addition</c>).</summary>
        public bool DeclaresOperator(string metadataName) => _names.Operators.Contains(metadataName);

        /// <summary>Whether a restricted type declares an operator with any of these metadata names.</summary>
        public bool DeclaresAnyOperator(string[] metadataNames)
        {
            foreach (var name in metadataNames)
            {
                if (_names.Operators.Contains(name))
                {
                    return true;
                }
            }

            return false;
        }

        public bool HasEndpoints => Rules.Vendors.Any(v => v.Match.Endpoints.Count > 0 && Rules.IsRestricted(v));

        public bool HasNativeLibraries => Rules.Vendors.Any(v => v.Match.NativeLibraries.Count > 0 && Rules.IsRestricted(v));

        public VendorMatcher Matcher => _matcher;

        /// <summary>The index for a compilation, or null when there is no valid policy to apply.</summary>
        public static PublisherIndex? Get(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            if (Indexes.TryGetValue(compilation, out var existing))
            {
                return existing;
            }

            var policy = AnalyzerPolicy.Read(options, cancellationToken);
            if (policy.Policy is null)
            {
                return null;
            }

            var index = new PublisherIndex(compilation, policy, policy.Policy, cancellationToken);
            return Indexes.GetValue(compilation, _ => index);
        }

        /// <summary>
        /// The cheap first test: could this name denote a restricted symbol? A name where only a namespace or a
        /// type can stand (a declared type, <c>new X</c>, a type argument, a base type, <c>typeof</c>, a cast) is
        /// looked up among type names only, so a project type that shares its name with a vendor's method
        /// (<c>Invoice</c>) is never bound there.
        /// </summary>
        public bool IsCandidate(SimpleNameSyntax name)
        {
            if (_candidates is null || !_candidates.TryGetValue(name.Identifier.ValueText, out var isType))
            {
                return false;
            }

            if (!isType)
            {
                return !SyntaxFacts.IsInNamespaceOrTypeContext(name);
            }

            // The namespace segment in Baidu.Aip.Ocr.Ocr: a segment of a restricted namespace to the left of a
            // restricted type's name leads only to that type, which is bound and reported itself.
            SyntaxNode segment = name.Parent is QualifiedNameSyntax inner && inner.Right == name ? inner : name;
            return !(segment.Parent is QualifiedNameSyntax outer && outer.Left == segment && _names.Namespaces.Contains(name.Identifier.ValueText)
                && _candidates.TryGetValue(outer.Right.Identifier.ValueText, out var rightIsType) && rightIsType);
        }

        /// <summary>Type and member names in one table, so that the test for the great majority of names, which
        /// are neither, is one lookup: true for a type name, false for a name that is only a member's.</summary>
        private Dictionary<string, bool>? _candidates;

        private void CollectCandidates()
        {
            var candidates = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var member in _names.Members)
            {
                candidates[member] = false;
            }

            foreach (var type in _names.Types)
            {
                candidates[type] = true;
            }

            _candidates = candidates;
        }

        /// <summary>Whether a simple name could be a restricted type or member (no syntax position known).</summary>
        public bool IsCandidateName(string name) => _names.Types.Contains(name) || _names.Members.Contains(name);

        /// <summary>Whether a simple name is that of an alias whose target names a restricted type.</summary>
        public bool IsAliasName(string name) => _aliasNames.Contains(name);

        /// <summary>Whether a simple name could be a restricted type (or an alias of one).</summary>
        public bool IsTypeName(string name) => _names.Types.Contains(name);

        /// <summary>Whether an identifier could lead to a restricted namespace or type: a namespace segment or a type name.</summary>
        public bool IsNamespaceOrTypeName(string name) => _names.Namespaces.Contains(name) || _names.Types.Contains(name);

        /// <summary>
        /// Alias directives (<c>using Client = Baidu.Aip.Ocr.Ocr;</c>, <c>global using Box = List&lt;Ocr&gt;;</c>) whose
        /// target names a restricted type: their names become type names. A target cannot mention another alias,
        /// so a target without a candidate name cannot lead to a restricted type. Only the top of each file and of
        /// its namespaces is read, never a body.
        /// </summary>
        private void CollectAliases(CancellationToken cancellationToken)
        {
            if (_names.Types.Count == 0)
            {
                return;
            }

            foreach (var tree in _compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!TreeAliases.TryGetValue(tree, out var aliases))
                {
                    aliases = TreeAliases.GetValue(tree, t => ReadAliases(t, cancellationToken));
                }

                foreach (var alias in aliases)
                {
                    if (alias.TargetIdentifiers.Any(_names.Types.Contains))
                    {
                        _names.Types.Add(alias.Name);
                        _aliasNames.Add(alias.Name);
                    }
                }
            }
        }

        private static AliasDirective[] ReadAliases(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var aliases = new List<AliasDirective>();
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax))
            {
                if (node is UsingDirectiveSyntax { Alias: { } alias } directive)
                {
                    var identifiers = directive.NamespaceOrType.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).Distinct().ToArray();
                    aliases.Add(new AliasDirective(alias.Name.Identifier.ValueText, identifiers));
                }
            }

            return aliases.ToArray();
        }

        private sealed class AliasDirective
        {
            public AliasDirective(string name, string[] targetIdentifiers)
            {
                Name = name;
                TargetIdentifiers = targetIdentifiers;
            }

            public string Name { get; }

            public string[] TargetIdentifiers { get; }
        }

        /// <summary>Why the symbol is restricted, or null. Symbols of the compilation itself never are.</summary>
        public Restriction? ForSymbol(ISymbol symbol)
        {
            symbol = Normalize(symbol);
            if (symbol is INamespaceSymbol || symbol.ContainingAssembly is null || SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _compilation.Assembly))
            {
                return null;
            }

            var type = symbol as ITypeSymbol ?? symbol.ContainingType;
            var @namespace = (type ?? symbol).ContainingNamespace;
            return ForAssembly(symbol.ContainingAssembly) ?? (@namespace is null ? null : ForNamespace(@namespace));
        }

        public Restriction? ForAssembly(IAssemblySymbol assembly) => _assemblies.GetOrAdd(assembly, Evaluate);

        public Restriction? ForNamespace(INamespaceSymbol @namespace)
        {
            if (@namespace.IsGlobalNamespace)
            {
                return null;
            }

            return _namespaces.GetOrAdd(@namespace, ns =>
            {
                var name = ns.ToDisplayString();
                var attribution = _matcher.Match(new PublisherEvidence { Namespaces = new[] { name } })
                    .FirstOrDefault(a => a.IsRestricted && a.Signals.Count > 0);
                return attribution is null ? null : Restriction.From(attribution);
            });
        }

        /// <summary>A restricted assembly known by simple name, for loads by name (SCG0104).</summary>
        public Restriction? ForAssemblyName(string simpleName)
        {
            var referenced = _compilation.References
                .Select(r => _compilation.GetAssemblyOrModuleSymbol(r) as IAssemblySymbol)
                .FirstOrDefault(a => a is not null && string.Equals(a.Identity.Name, simpleName, StringComparison.OrdinalIgnoreCase));
            if (referenced is not null && (ForAssembly(referenced) ?? ByNamespaces(referenced.GlobalNamespace)) is { } known)
            {
                return known;
            }

            if (_packagesByAssembly.TryGetValue(simpleName, out var package) && FromPackage(package) is { } fromPackage)
            {
                return fromPackage;
            }

            var attribution = _matcher.Match(new PublisherEvidence { Assemblies = new[] { simpleName } }).FirstOrDefault(a => a.IsRestricted && a.Signals.Count > 0);
            return attribution is null ? null : Restriction.From(attribution);
        }

        /// <summary>The first restricted namespace that an assembly declares types in.</summary>
        private Restriction? ByNamespaces(INamespaceSymbol @namespace)
        {
            foreach (var child in @namespace.GetNamespaceMembers())
            {
                var found = (child.GetTypeMembers().Length > 0 ? ForNamespace(child) : null) ?? ByNamespaces(child);
                if (found is not null)
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>A namespace is restricted when a vendor's namespaces match it, or when every type the
        /// compilation sees in it comes from restricted assemblies.</summary>
        public Restriction? ForImportedNamespace(INamespaceSymbol @namespace) => _importedNamespaces.GetOrAdd(@namespace, EvaluateImportedNamespace);

        private Restriction? EvaluateImportedNamespace(INamespaceSymbol @namespace)
        {
            // The strongest evidence first: every type in it comes from a restricted package or assembly.
            Restriction? first = null;
            var any = false;
            foreach (var type in @namespace.GetTypeMembers())
            {
                any = true;
                var restriction = SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly) ? null : ForAssembly(type.ContainingAssembly);
                if (restriction is null)
                {
                    first = null;
                    break;
                }

                first ??= restriction;
            }

            return (any ? first : null) ?? ForNamespace(@namespace);
        }

        public bool IsWaived(Restriction restriction, string? @namespace, string? typeName, DateTime today) =>
            Rules.Waivers.Any(w => !w.IsExpired(today)
                && (Policy.ProjectPath is null ? w.Projects.Count == 0 : w.IsScopedTo(Policy.ProjectPath))
                && w.CoversSymbol(restriction.Vendor.Id, restriction.PackageId, @namespace, typeName));

        private static ISymbol Normalize(ISymbol symbol)
        {
            while (true)
            {
                switch (symbol)
                {
                    case IAliasSymbol alias:
                        symbol = alias.Target;
                        continue;
                    case IMethodSymbol { ReducedFrom: { } reduced }:
                        symbol = reduced;
                        continue;
                    case IArrayTypeSymbol array:
                        symbol = array.ElementType;
                        continue;
                    case IPointerTypeSymbol pointer:
                        symbol = pointer.PointedAtType;
                        continue;
                }

                return symbol.OriginalDefinition;
            }
        }

        private Restriction? Evaluate(IAssemblySymbol assembly)
        {
            var name = assembly.Identity.Name;
            if (_packagesByAssembly.TryGetValue(name, out var package) && FromPackage(package) is { } fromPackage)
            {
                return fromPackage;
            }

            var evidence = new PublisherEvidence { Assemblies = new[] { name } };
            var token = assembly.Identity.PublicKeyToken;
            if (!token.IsDefaultOrEmpty)
            {
                evidence.PublicKeyTokens = new[] { string.Concat(token.Select(b => b.ToString("x2"))) };
            }

            if (_matchesCompany)
            {
                evidence.AssemblyCompany = assembly.GetAttributes()
                    .FirstOrDefault(a => a.AttributeClass?.Name == "AssemblyCompanyAttribute")?
                    .ConstructorArguments.FirstOrDefault().Value as string;
            }

            var attribution = _matcher.Match(evidence).FirstOrDefault(a => a.IsRestricted && a.Signals.Count > 0);
            return attribution is null
                ? null
                : Restriction.From(attribution);
        }

        private Restriction? FromPackage(PackageHandover.RestrictedPackage package)
        {
            var vendor = Rules.FindVendor(package.Vendor);
            if (vendor is null || !Rules.IsRestricted(vendor))
            {
                return null;
            }

            var described = package.Signals.Concat(package.Weak ? new[] { FindingText.WeakNuspecEvidence } : Array.Empty<string>()).ToList();
            var signals = described.Count == 0 ? string.Empty : " (" + string.Join("; ", described) + ")";
            return new Restriction(vendor, $"it comes from package '{package.Id}' {package.Version}{signals}", package.Id, package.Weak, Rules.WeakSignals)
            {
                IsUnverified = package.Unverified || Rules.IsRestrictionUnverified(vendor),
            };
        }

        private void CollectNames(CancellationToken cancellationToken)
        {
            foreach (var reference in _compilation.References)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly && ForAssembly(assembly) is not null)
                {
                    if (!AssemblyNames.TryGetValue(assembly, out var declared))
                    {
                        declared = AssemblyNames.GetValue(assembly, a => DeclaredNames.Of(a.GlobalNamespace, excluded: null, cancellationToken));
                    }

                    _names.Add(declared);
                }
            }

            foreach (var vendor in Rules.Vendors.Where(v => Rules.IsRestricted(v)))
            {
                foreach (var pattern in vendor.Match.Namespaces)
                {
                    var ns = _compilation.GlobalNamespace;
                    foreach (var part in pattern.Prefix.Split('.'))
                    {
                        _names.Namespaces.Add(part);
                        ns = ns?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
                    }

                    if (ns is not null)
                    {
                        _names.Add(DeclaredNames.Of(ns, _compilation.Assembly, cancellationToken));
                    }
                }
            }
        }

        private static bool IsVisibleOutside(ISymbol symbol) =>
            symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;

        /// <summary>The names source can write for the types in a namespace tree, and the nameless uses they allow.</summary>
        private sealed class DeclaredNames
        {
            public HashSet<string> Types { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<string> Members { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<string> Namespaces { get; } = new HashSet<string>(StringComparer.Ordinal);

            public HashSet<string> Operators { get; } = new HashSet<string>(StringComparer.Ordinal);

            public NamelessUses Nameless { get; set; }

            /// <summary>Walks <paramref name="root"/>; types of <paramref name="excluded"/> (the compilation's own) are left out.</summary>
            public static DeclaredNames Of(INamespaceSymbol root, IAssemblySymbol? excluded, CancellationToken cancellationToken)
            {
                var names = new DeclaredNames();
                names.AddNames(root, excluded, cancellationToken);
                return names;
            }

            public void Add(DeclaredNames other)
            {
                Types.UnionWith(other.Types);
                Members.UnionWith(other.Members);
                Namespaces.UnionWith(other.Namespaces);
                Operators.UnionWith(other.Operators);
                Nameless |= other.Nameless;
            }

            private void AddNames(INamespaceSymbol @namespace, IAssemblySymbol? excluded, CancellationToken cancellationToken)
            {
                foreach (var member in @namespace.GetMembers())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (member is INamespaceSymbol child)
                    {
                        Namespaces.Add(child.Name);
                        AddNames(child, excluded, cancellationToken);
                    }
                    else if (member is INamedTypeSymbol type && !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, excluded))
                    {
                        AddType(type);
                    }
                }
            }

            private void AddType(INamedTypeSymbol type)
            {
                // Only what source outside the assembly can name: no compiler-generated or inaccessible members.
                if (!type.CanBeReferencedByName || !IsVisibleOutside(type))
                {
                    return;
                }

                Types.Add(type.Name);
                if (type.Name.EndsWith("Attribute", StringComparison.Ordinal) && type.Name.Length > "Attribute".Length)
                {
                    Types.Add(type.Name.Substring(0, type.Name.Length - "Attribute".Length));
                }

                Nameless |= type.TypeKind switch
                {
                    TypeKind.Delegate => NamelessUses.DelegateInvocations,
                    TypeKind.Struct => NamelessUses.Pointers,
                    _ => NamelessUses.None,
                };
                if (type.IsRecord)
                {
                    Nameless |= NamelessUses.WithExpressions;
                }

                foreach (var implemented in type.AllInterfaces)
                {
                    Nameless |= implemented.Name switch
                    {
                        "IEnumerable" or "IAsyncEnumerable" => NamelessUses.Enumerations,
                        "IDisposable" or "IAsyncDisposable" => NamelessUses.Disposals,
                        _ => NamelessUses.None,
                    };
                }

                foreach (var member in type.GetMembers())
                {
                    if (member is INamedTypeSymbol nested)
                    {
                        AddType(nested);
                        continue;
                    }

                    if (!IsVisibleOutside(member))
                    {
                        continue;
                    }

                    switch (member)
                    {
                        case IPropertySymbol { IsIndexer: true }:
                            Nameless |= NamelessUses.Indexers;
                            break;
                        case IMethodSymbol { MethodKind: MethodKind.Constructor }:
                            Nameless |= NamelessUses.TargetTypedCreations;
                            break;
                        case IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator }:
                            Nameless |= NamelessUses.Operators;
                            Operators.Add(member.Name);
                            break;
                        case IMethodSymbol { MethodKind: MethodKind.Conversion }:
                            Nameless |= NamelessUses.Conversions;
                            break;
                        default:
                            if (member.CanBeReferencedByName)
                            {
                                Members.Add(member.Name);
                                Nameless |= PatternUse(member.Name);
                            }

                            break;
                    }
                }
            }

            /// <summary>Members the compiler calls by pattern, with no name in source (also as extension methods).</summary>
            private static NamelessUses PatternUse(string name) => name switch
            {
                "GetEnumerator" or "GetAsyncEnumerator" or "MoveNext" or "MoveNextAsync" or "Current" => NamelessUses.Enumerations,
                "GetAwaiter" or "GetResult" or "IsCompleted" => NamelessUses.Awaits,
                "Dispose" or "DisposeAsync" => NamelessUses.Disposals,
                "Deconstruct" => NamelessUses.Deconstructions,
                "Add" => NamelessUses.CollectionInitializers,
                "Select" or "Where" or "SelectMany" or "Join" or "GroupJoin" or "GroupBy" or "OrderBy" or "OrderByDescending"
                    or "ThenBy" or "ThenByDescending" or "Cast" => NamelessUses.Queries,
                _ => NamelessUses.None,
            };
        }
    }
}
