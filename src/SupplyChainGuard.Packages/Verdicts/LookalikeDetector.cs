using System.Collections.Generic;
using System.Linq;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages
{
    /// <summary>A package whose id imitates an id of a policy vendor that does not publish it (SCG0004).</summary>
    public sealed class VendorLookalike
    {
        public VendorLookalike(VendorPolicy vendor, IdLookalike lookalike)
        {
            Vendor = vendor;
            Lookalike = lookalike;
        }

        /// <summary>The vendor whose id it imitates; restricted or allowed, it does not matter.</summary>
        public VendorPolicy Vendor { get; }

        public IdLookalike Lookalike { get; }
    }

    /// <summary>
    /// SCG0004: ids are free for anyone to choose, and a look-alike of a vendor's id is how a package passes itself
    /// off as the vendor's (<c>Bаidu.AI</c> with a Cyrillic <c>а</c>, <c>Baidu.Al</c> with a lower-case L). A package
    /// is a look-alike of a policy vendor when its id imitates one the vendor's <c>packages</c> globs stand for (see
    /// <see cref="LookalikeMatcher"/>), and the vendor's own strong signals — owners or certificate — do not establish
    /// it. An ASCII id that a vendor's glob matches as written is that vendor's id, not an imitation of it.
    /// </summary>
    public static class LookalikeDetector
    {
        /// <summary>The closest imitation among the policy's vendors: an id equal once look-alike characters are
        /// folded wins over one an edit away; then policy order decides.</summary>
        public static VendorLookalike? Detect(SupplyChainPolicy policy, string packageId, IReadOnlyList<VendorAttribution> attributions)
        {
            VendorLookalike? best = null;
            foreach (var vendor in policy.Vendors)
            {
                var patterns = vendor.Match.Packages;
                if (patterns.Count == 0 || IsEstablishedBy(vendor, attributions))
                {
                    continue;
                }

                if (packageId.All(c => c < 128) && patterns.Any(p => p.IsMatch(packageId)))
                {
                    continue; // one of the vendor's own ids
                }

                foreach (var pattern in patterns)
                {
                    if (LookalikeMatcher.Match(packageId, pattern) is { } lookalike
                        && (best is null || (best.Lookalike.IsOneEditAway && !lookalike.IsOneEditAway)))
                    {
                        best = new VendorLookalike(vendor, lookalike);
                    }
                }

                if (best is { Lookalike.IsOneEditAway: false })
                {
                    break;
                }
            }

            return best;
        }

        private static bool IsEstablishedBy(VendorPolicy vendor, IReadOnlyList<VendorAttribution> attributions) =>
            attributions.Any(a => ReferenceEquals(a.Vendor, vendor) && a.Signals.Any(s => s.Strength == SignalStrength.Strong));
    }
}
