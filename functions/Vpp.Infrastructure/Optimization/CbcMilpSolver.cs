using System.Diagnostics;
using System.Runtime.InteropServices;
using Vpp.Application.Optimization;

namespace Vpp.Infrastructure.Optimization;

/// <summary>
/// COIN-OR CBC through its C interface (Cbc_C_Interface.h in libCbcSolver, Debian's coinor-libcbc-dev): branch and cut
/// for mixed-integer programs. A search stopped by the time limit returns its best integer solution as
/// <see cref="LpStatus.Feasible"/>, or <see cref="LpStatus.Stopped"/> with no values when it found none.
/// </summary>
public sealed partial class CbcMilpSolver : ILpSolver
{
    private const string Library = CoinOrLibraries.Cbc;

    /// <summary>Relative distance from the best bound at which a solution counts as optimal.</summary>
    private const double OptimalityGap = 1e-6;

    /// <summary>CBC 2.10's C interface runs the stand-alone solver's driver (CbcMain1), which is not written to run twice at once in a process.</summary>
    private static readonly Lock NativeSolve = new();

    static CbcMilpSolver() => CoinOrLibraries.Register();

    /// <summary>Whether the CBC shared library can be loaded on this machine.</summary>
    public static bool IsAvailable() => CoinOrLibraries.IsAvailable(Library);

    public LpSolution Solve(LinearProgram program, TimeSpan timeLimit)
    {
        var watch = Stopwatch.StartNew();
        var n = program.ColumnCount;
        var native = NativeProgram.From(program);
        lock (NativeSolve)
        {
            var model = Cbc_newModel();
            try
            {
                Cbc_setLogLevel(model, 0);
                Cbc_loadProblem(model, n, program.RowCount, native.Start, native.Index, native.Value,
                    native.ColumnLower, native.ColumnUpper, native.Objective, native.RowLower, native.RowUpper);
                foreach (var column in program.IntegerColumns)
                {
                    Cbc_setInteger(model, column);
                }

                Cbc_setMaximumSeconds(model, Math.Max(0.01, timeLimit.TotalSeconds));
                Cbc_setAllowableFractionGap(model, OptimalityGap);
                _ = Cbc_solve(model);
                var best = Cbc_bestSolution(model);
                var status = Status(model, best != IntPtr.Zero);
                var values = new double[n];
                if (status is LpStatus.Optimal or LpStatus.Feasible && n > 0)
                {
                    Marshal.Copy(best, values, 0, n);
                }

                return new LpSolution(status, status is LpStatus.Optimal or LpStatus.Feasible ? Cbc_getObjValue(model) : double.NaN, values, watch.Elapsed);
            }
            finally
            {
                Cbc_deleteModel(model);
            }
        }
    }

    /// <summary>CBC's status (0 finished, 1 stopped on a limit, 2 abandoned, 5 interrupted) and secondary status read together.</summary>
    private static LpStatus Status(IntPtr model, bool hasSolution) => (Cbc_status(model), Cbc_secondaryStatus(model)) switch
    {
        (0, 1) => LpStatus.Infeasible,
        (0, 7) => LpStatus.Unbounded,
        (0, _) when hasSolution => LpStatus.Optimal,
        (0, _) => LpStatus.Infeasible,
        (1, _) => hasSolution ? LpStatus.Feasible : LpStatus.Stopped,
        _ => LpStatus.Failed,
    };

    [LibraryImport(Library)]
    private static partial IntPtr Cbc_newModel();

    [LibraryImport(Library)]
    private static partial void Cbc_deleteModel(IntPtr model);

    [LibraryImport(Library)]
    private static partial void Cbc_setLogLevel(IntPtr model, int logLevel);

    [LibraryImport(Library)]
    private static partial void Cbc_loadProblem(IntPtr model, int numcols, int numrows, int[] start, int[] index, double[] value,
        double[] collb, double[] colub, double[] obj, double[] rowlb, double[] rowub);

    [LibraryImport(Library)]
    private static partial void Cbc_setInteger(IntPtr model, int column);

    [LibraryImport(Library)]
    private static partial void Cbc_setMaximumSeconds(IntPtr model, double maxSeconds);

    [LibraryImport(Library)]
    private static partial void Cbc_setAllowableFractionGap(IntPtr model, double allowedFractionGap);

    [LibraryImport(Library)]
    private static partial int Cbc_solve(IntPtr model);

    [LibraryImport(Library)]
    private static partial IntPtr Cbc_bestSolution(IntPtr model);

    [LibraryImport(Library)]
    private static partial double Cbc_getObjValue(IntPtr model);

    [LibraryImport(Library)]
    private static partial int Cbc_status(IntPtr model);

    [LibraryImport(Library)]
    private static partial int Cbc_secondaryStatus(IntPtr model);
}
