using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Vpp.Application.Optimization;

namespace Vpp.Infrastructure.Optimization;

/// <summary>
/// COIN-OR CLP through its C interface (Clp_C_Interface.h, Debian's coinor-libclp-dev). The native library is
/// resolved by name at first use; when it is missing the error says how to install it.
/// </summary>
public sealed partial class ClpLpSolver : ILpSolver
{
    private const string Library = "Clp";

    static ClpLpSolver() => NativeLibrary.SetDllImportResolver(typeof(ClpLpSolver).Assembly, Resolve);

    /// <summary>Whether the CLP shared library can be loaded on this machine.</summary>
    public static bool IsAvailable()
    {
        try
        {
            return Resolve(Library, typeof(ClpLpSolver).Assembly, null) != IntPtr.Zero;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    public LpSolution Solve(LinearProgram program, TimeSpan timeLimit)
    {
        var watch = Stopwatch.StartNew();
        var n = program.ColumnCount;
        var (start, index, value) = ColumnMajor(program);
        var collb = program.Columns.Select(c => c.Lower).ToArray();
        var colub = program.Columns.Select(c => c.Upper).ToArray();
        var obj = program.Columns.Select(c => c.Objective).ToArray();
        var rowlb = program.Rows.Select(r => r.Lower).ToArray();
        var rowub = program.Rows.Select(r => r.Upper).ToArray();

        var model = Clp_newModel();
        try
        {
            Clp_setLogLevel(model, 0);
            Clp_setMaximumSeconds(model, Math.Max(0.01, timeLimit.TotalSeconds));
            Clp_loadProblem(model, n, program.RowCount, start, index, value, collb, colub, obj, rowlb, rowub);
            // initialSolve returns the problem status, the same code Clp_status reports.
            var status = Clp_initialSolve(model) switch
            {
                0 => LpStatus.Optimal,
                1 => LpStatus.Infeasible,
                2 => LpStatus.Unbounded,
                3 => LpStatus.Stopped,
                _ => LpStatus.Failed,
            };
            var values = new double[n];
            if (status is LpStatus.Optimal or LpStatus.Stopped && n > 0)
            {
                Marshal.Copy(Clp_getColSolution(model), values, 0, n);
            }

            return new LpSolution(status, Clp_objectiveValue(model), values, watch.Elapsed);
        }
        finally
        {
            Clp_deleteModel(model);
        }
    }

    /// <summary>The constraint matrix in compressed column form, as Clp_loadProblem takes it.</summary>
    private static (int[] Start, int[] Index, double[] Value) ColumnMajor(LinearProgram program)
    {
        var counts = new int[program.ColumnCount + 1];
        foreach (var entry in program.Entries)
        {
            counts[entry.Column + 1]++;
        }

        for (var c = 0; c < program.ColumnCount; c++)
        {
            counts[c + 1] += counts[c];
        }

        var index = new int[program.Entries.Count];
        var value = new double[program.Entries.Count];
        var fill = (int[])counts.Clone();
        foreach (var (row, column, coefficient) in program.Entries)
        {
            index[fill[column]] = row;
            value[fill[column]++] = coefficient;
        }

        return (counts, index, value);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in new[] { "libClp.so.1", "libClp.so", "libClp.dylib", "Clp.dll" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            "COIN-OR CLP (libClp) is not installed. Run functions/Vpp.Infrastructure/Optimization/install-coinor.sh " +
            "(Debian: apt-get install coinor-libclp-dev coinor-libcbc-dev), or build Vpp.Infrastructure, which runs it.");
    }

    [LibraryImport(Library)]
    private static partial IntPtr Clp_newModel();

    [LibraryImport(Library)]
    private static partial void Clp_deleteModel(IntPtr model);

    [LibraryImport(Library)]
    private static partial void Clp_setLogLevel(IntPtr model, int value);

    [LibraryImport(Library)]
    private static partial void Clp_setMaximumSeconds(IntPtr model, double value);

    [LibraryImport(Library)]
    private static partial void Clp_loadProblem(IntPtr model, int numcols, int numrows, int[] start, int[] index, double[] value,
        double[] collb, double[] colub, double[] obj, double[] rowlb, double[] rowub);

    [LibraryImport(Library)]
    private static partial int Clp_initialSolve(IntPtr model);

    [LibraryImport(Library)]
    private static partial double Clp_objectiveValue(IntPtr model);

    [LibraryImport(Library)]
    private static partial IntPtr Clp_getColSolution(IntPtr model);
}
