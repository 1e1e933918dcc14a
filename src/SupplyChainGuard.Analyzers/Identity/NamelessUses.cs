using System;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// Uses of a restricted type or member that have no name of it in source — operators, conversions, the
    /// members the compiler calls by pattern — and so cannot be found by name. <see cref="PublisherIndex"/> sets a
    /// flag only when some restricted type makes that use possible; SCG0101 binds the syntax only for those flags.
    /// </summary>
    [Flags]
    internal enum NamelessUses
    {
        None = 0,

        /// <summary>Target-typed <c>new(…)</c>: a restricted type has an accessible constructor.</summary>
        TargetTypedCreations = 1 << 0,

        /// <summary><c>x[i]</c>: a restricted type has an indexer.</summary>
        Indexers = 1 << 1,

        /// <summary><c>a + b</c>, <c>-a</c>, <c>a++</c>, <c>a += b</c>: a restricted type declares user-defined operators.</summary>
        Operators = 1 << 2,

        /// <summary><c>C c = 0;</c>, <c>(int)c</c>: a restricted type declares user-defined conversions.</summary>
        Conversions = 1 << 3,

        /// <summary><c>foreach</c>: a restricted type is enumerable or declares <c>GetEnumerator</c>.</summary>
        Enumerations = 1 << 4,

        /// <summary><c>await</c>: a restricted type declares <c>GetAwaiter</c> or is an awaiter.</summary>
        Awaits = 1 << 5,

        /// <summary><c>using</c> / <c>await using</c>: a restricted type is disposable.</summary>
        Disposals = 1 << 6,

        /// <summary><c>var (a, b) = x;</c> and positional patterns: a restricted <c>Deconstruct</c>.</summary>
        Deconstructions = 1 << 7,

        /// <summary><c>new C { 1, 2 }</c>: a restricted <c>Add</c>.</summary>
        CollectionInitializers = 1 << 8,

        /// <summary><c>from x in s select x</c>: restricted query methods.</summary>
        Queries = 1 << 9,

        /// <summary><c>r with { … }</c>: a restricted record.</summary>
        WithExpressions = 1 << 10,

        /// <summary><c>&amp;s</c>, <c>*p</c>: a restricted struct.</summary>
        Pointers = 1 << 11,

        /// <summary><c>callback(x)</c>: a restricted delegate type.</summary>
        DelegateInvocations = 1 << 12,
    }
}
