using System.Diagnostics;
using Google.OrTools.LinearSolver;
using Vpp.Application.Optimization;

namespace Vpp.Infrastructure.Optimization;

/// <summary>
/// The production solver: Google OR-Tools' linear solver, whose native library (with CLP, CBC, SCIP and HiGHS built
/// in) ships inside the package and so inside the published app. Linear programs go to the linear engine (CLP's
/// simplex by default), mixed-integer ones to the mixed-integer engine (CBC's branch and cut by default). A search
/// stopped by its time limit returns its best integer solution as <see cref="LpStatus.Feasible"/>, or
/// <see cref="LpStatus.Stopped"/> when it found none. A native library that cannot be loaded surfaces as
/// <see cref="DllNotFoundException"/>, which the planner answers with its greedy fallback.
/// </summary>
public sealed class OrToolsSolver : ILpSolver
{
    public const string Clp = "CLP";
    public const string Cbc = "CBC";
    public const string Scip = "SCIP";
    public const string Highs = "HIGHS";

    /// <summary>Relative distance from the best bound at which a mixed-integer solution counts as optimal.</summary>
    private const double OptimalityGap = 1e-6;

    private readonly string linearEngine;
    private readonly string mixedIntegerEngine;

    public OrToolsSolver(string linearEngine = Clp, string mixedIntegerEngine = Cbc)
    {
        this.linearEngine = linearEngine;
        this.mixedIntegerEngine = mixedIntegerEngine;
    }

    public LpSolution Solve(LinearProgram program, TimeSpan timeLimit)
    {
        var watch = Stopwatch.StartNew();
        using var solver = Create(program.IsMixedInteger ? mixedIntegerEngine : linearEngine);
        solver.SuppressOutput();
        solver.SetTimeLimit((long)Math.Max(10, timeLimit.TotalMilliseconds));

        var columns = new Variable[program.ColumnCount];
        var objective = solver.Objective();
        for (var c = 0; c < columns.Length; c++)
        {
            var (lower, upper, cost, _) = program.Columns[c];
            columns[c] = solver.MakeNumVar(lower, upper, string.Empty);
            if (cost != 0)
            {
                objective.SetCoefficient(columns[c], cost);
            }
        }

        foreach (var column in program.IntegerColumns)
        {
            columns[column].SetInteger(true);
        }

        objective.SetMinimization();
        var rows = new Constraint[program.RowCount];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = solver.MakeConstraint(program.Rows[r].Lower, program.Rows[r].Upper);
        }

        foreach (var (row, column, value) in program.Entries)
        {
            rows[row].SetCoefficient(columns[column], value);
        }

        using var parameters = new MPSolverParameters();
        if (program.IsMixedInteger)
        {
            parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, OptimalityGap);
        }

        var (status, hasSolution) = Status(solver.Solve(parameters), program.IsMixedInteger);
        var values = new double[columns.Length];
        if (hasSolution)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                values[c] = columns[c].SolutionValue();
            }
        }

        return new LpSolution(status, hasSolution ? objective.Value() : double.NaN, values, watch.Elapsed);
    }

    private static Solver Create(string engine)
    {
        try
        {
            return Solver.CreateSolver(engine) ?? throw new NotSupportedException($"OR-Tools has no '{engine}' engine in this build.");
        }
        catch (TypeInitializationException ex) when (ex.InnerException is DllNotFoundException missing)
        {
            throw new DllNotFoundException($"OR-Tools' native library could not be loaded: {missing.Message}", ex);
        }
    }

    /// <summary>
    /// OR-Tools reports a limit reached with a solution in hand as FEASIBLE: for a mixed-integer search that is an
    /// integer point meeting every constraint, for a simplex an unproven basis (<see cref="LpStatus.Stopped"/>).
    /// </summary>
    private static (LpStatus Status, bool HasSolution) Status(Solver.ResultStatus status, bool mixedInteger) => status switch
    {
        Solver.ResultStatus.OPTIMAL => (LpStatus.Optimal, true),
        Solver.ResultStatus.FEASIBLE => (mixedInteger ? LpStatus.Feasible : LpStatus.Stopped, true),
        Solver.ResultStatus.INFEASIBLE => (LpStatus.Infeasible, false),
        Solver.ResultStatus.UNBOUNDED => (LpStatus.Unbounded, false),
        Solver.ResultStatus.NOT_SOLVED => (LpStatus.Stopped, false),
        _ => (LpStatus.Failed, false),
    };
}
