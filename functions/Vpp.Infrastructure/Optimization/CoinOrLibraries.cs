using System.Reflection;
using System.Runtime.InteropServices;

namespace Vpp.Infrastructure.Optimization;

/// <summary>
/// Finds COIN-OR's shared libraries (CLP for linear programs, CBC's C interface for mixed-integer ones) for the
/// P/Invoke declarations of this assembly. An assembly has one resolver, so both solvers share this one; when a
/// library is missing the error says how to install it.
/// </summary>
internal static class CoinOrLibraries
{
    public const string Clp = "Clp";
    public const string Cbc = "CbcSolver";

    private static readonly Dictionary<string, string[]> Candidates = new(StringComparer.Ordinal)
    {
        [Clp] = ["libClp.so.1", "libClp.so", "libClp.dylib", "Clp.dll"],
        [Cbc] = ["libCbcSolver.so.3", "libCbcSolver.so", "libCbcSolver.dylib", "CbcSolver.dll"],
    };

    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(CoinOrLibraries).Assembly, Resolve);
        }
    }

    public static bool IsAvailable(string library)
    {
        try
        {
            return Resolve(library, typeof(CoinOrLibraries).Assembly, null) != IntPtr.Zero;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (!Candidates.TryGetValue(name, out var files))
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in files)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            $"COIN-OR {name} (lib{name}) is not installed. Run functions/Vpp.Infrastructure/Optimization/install-coinor.sh " +
            "(Debian: apt-get install coinor-libclp-dev coinor-libcbc-dev), or build Vpp.Infrastructure, which runs it.");
    }
}
