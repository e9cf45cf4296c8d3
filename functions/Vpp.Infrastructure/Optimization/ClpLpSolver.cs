using System.Diagnostics;
using System.Runtime.InteropServices;
using Vpp.Application.Optimization;

namespace Vpp.Infrastructure.Optimization;

/// <summary>
/// COIN-OR CLP through its C interface (Clp_C_Interface.h, Debian's coinor-libclp-dev): linear programs only; a
/// mixed-integer program is refused rather than silently relaxed (<see cref="CoinOrSolver"/> sends those to CBC).
/// </summary>
public sealed partial class ClpLpSolver : ILpSolver
{
    private const string Library = CoinOrLibraries.Clp;

    static ClpLpSolver() => CoinOrLibraries.Register();

    /// <summary>Whether the CLP shared library can be loaded on this machine.</summary>
    public static bool IsAvailable() => CoinOrLibraries.IsAvailable(Library);

    public LpSolution Solve(LinearProgram program, TimeSpan timeLimit)
    {
        if (program.IsMixedInteger)
        {
            throw new NotSupportedException($"CLP solves linear programs; this one has {program.IntegerColumns.Count} integer columns (use CBC).");
        }

        var watch = Stopwatch.StartNew();
        var n = program.ColumnCount;
        var native = NativeProgram.From(program);

        var model = Clp_newModel();
        try
        {
            Clp_setLogLevel(model, 0);
            Clp_setMaximumSeconds(model, Math.Max(0.01, timeLimit.TotalSeconds));
            Clp_loadProblem(model, n, program.RowCount, native.Start, native.Index, native.Value,
                native.ColumnLower, native.ColumnUpper, native.Objective, native.RowLower, native.RowUpper);
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
