using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
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
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal);

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

            CollectNames(cancellationToken);
        }

        public AnalyzerPolicy Policy { get; }

        public SupplyChainPolicy Rules { get; }

        /// <summary>False when nothing this compilation references is restricted: rules then register nothing.</summary>
        public bool HasRestrictedSymbols => _names.Count > 0;

        /// <summary>Whether a restricted type has an indexer: element accesses are bound only then.</summary>
        public bool HasIndexers { get; private set; }

        /// <summary>Whether a restricted type has an accessible constructor: target-typed <c>new()</c> is bound only then.</summary>
        public bool HasConstructors { get; private set; }

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

        /// <summary>The cheap first test: could a name written in source denote a restricted symbol? Alias
        /// names (<c>using Client = Baidu.Aip.Ocr.Ocr;</c>) count too: the file's own and global ones.</summary>
        public bool IsCandidateName(string name, SyntaxTree? tree) =>
            _names.Contains(name) || (tree is not null && AliasNames(tree).Contains(name));

        private readonly ConditionalWeakTable<SyntaxTree, HashSet<string>> _aliases = new ConditionalWeakTable<SyntaxTree, HashSet<string>>();
        private HashSet<string>? _globalAliases;

        private HashSet<string> AliasNames(SyntaxTree tree) => _aliases.GetValue(tree, t =>
        {
            var names = new HashSet<string>(GlobalAliases(), StringComparer.Ordinal);
            foreach (var alias in AliasDirectives(t))
            {
                names.Add(alias.Alias!.Name.Identifier.ValueText);
            }

            return names;
        });

        private HashSet<string> GlobalAliases()
        {
            if (_globalAliases is null)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var tree in _compilation.SyntaxTrees)
                {
                    foreach (var alias in AliasDirectives(tree).Where(a => a.GlobalKeyword.RawKind != 0))
                    {
                        names.Add(alias.Alias!.Name.Identifier.ValueText);
                    }
                }

                _globalAliases = names;
            }

            return _globalAliases;
        }

        /// <summary>Alias directives at the top of a file and of its namespaces; no need to walk bodies.</summary>
        private static IEnumerable<Microsoft.CodeAnalysis.CSharp.Syntax.UsingDirectiveSyntax> AliasDirectives(SyntaxTree tree) =>
            tree.GetRoot().DescendantNodes(n => n is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax || n is Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax)
                .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.UsingDirectiveSyntax>()
                .Where(u => u.Alias is not null);

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
        public Restriction? ForImportedNamespace(INamespaceSymbol @namespace)
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
                    AddNames(assembly.GlobalNamespace, cancellationToken);
                }
            }

            foreach (var vendor in Rules.Vendors.Where(v => Rules.IsRestricted(v)))
            {
                foreach (var pattern in vendor.Match.Namespaces)
                {
                    var ns = _compilation.GlobalNamespace;
                    foreach (var part in pattern.Prefix.Split('.'))
                    {
                        ns = ns?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
                    }

                    if (ns is not null)
                    {
                        AddNames(ns, cancellationToken);
                    }
                }
            }
        }

        private void AddNames(INamespaceSymbol @namespace, CancellationToken cancellationToken)
        {
            foreach (var member in @namespace.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member is INamespaceSymbol child)
                {
                    AddNames(child, cancellationToken);
                }
                else if (member is INamedTypeSymbol type && !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly))
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

            _names.Add(type.Name);
            if (type.Name.EndsWith("Attribute", StringComparison.Ordinal) && type.Name.Length > "Attribute".Length)
            {
                _names.Add(type.Name.Substring(0, type.Name.Length - "Attribute".Length));
            }

            foreach (var member in type.GetMembers())
            {
                if (member is INamedTypeSymbol nested)
                {
                    AddType(nested);
                }
                else if (!IsVisibleOutside(member))
                {
                    continue;
                }
                else if (member is IPropertySymbol { IsIndexer: true })
                {
                    HasIndexers = true;
                    _names.Add(member.Name); // "this[]", which the nameless check asks for
                }
                else if (member is IMethodSymbol { MethodKind: MethodKind.Constructor })
                {
                    HasConstructors = true;
                }
                else if (member.CanBeReferencedByName)
                {
                    _names.Add(member.Name);
                }
            }
        }

        private static bool IsVisibleOutside(ISymbol symbol) =>
            symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;
    }
}
