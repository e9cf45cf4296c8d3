namespace Vpp.Application.Optimization;

/// <summary>
/// A linear program: minimise cᵀx subject to rowLower ≤ Ax ≤ rowUpper and columnLower ≤ x ≤ columnUpper, some
/// columns possibly restricted to whole numbers (a mixed-integer program). Built column by column and row by row with
/// named entries; infinite bounds are <see cref="double.PositiveInfinity"/>.
/// </summary>
public sealed class LinearProgram
{
    private readonly List<(double Lower, double Upper, double Objective, string Name)> columns = [];
    private readonly List<(double Lower, double Upper, string Name)> rows = [];
    private readonly List<(int Row, int Column, double Value)> entries = [];
    private readonly List<int> integerColumns = [];

    public int ColumnCount => columns.Count;

    public int RowCount => rows.Count;

    public IReadOnlyList<(double Lower, double Upper, double Objective, string Name)> Columns => columns;

    public IReadOnlyList<(double Lower, double Upper, string Name)> Rows => rows;

    public IReadOnlyList<(int Row, int Column, double Value)> Entries => entries;

    /// <summary>The columns that must take whole-number values, in the order they were added.</summary>
    public IReadOnlyList<int> IntegerColumns => integerColumns;

    public bool IsMixedInteger => integerColumns.Count > 0;

    public int AddColumn(double lower, double upper, double objective, string name = "")
    {
        if (lower > upper)
        {
            throw new ArgumentException($"Column '{name}' has lower bound {lower} above upper bound {upper}.");
        }

        columns.Add((lower, upper, objective, name));
        return columns.Count - 1;
    }

    /// <summary>Adds a column that takes whole-number values within its bounds (0 and 1 for an on/off decision).</summary>
    public int AddIntegerColumn(double lower, double upper, double objective, string name = "")
    {
        var column = AddColumn(lower, upper, objective, name);
        integerColumns.Add(column);
        return column;
    }

    /// <summary>Adds lower ≤ Σ coefficient·x[column] ≤ upper.</summary>
    public int AddRow(double lower, double upper, IEnumerable<(int Column, double Coefficient)> terms, string name = "")
    {
        var row = rows.Count;
        rows.Add((lower, upper, name));
        foreach (var (column, coefficient) in terms)
        {
            if ((uint)column >= (uint)columns.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(terms), $"Row '{name}' refers to column {column}, which does not exist.");
            }

            if (coefficient != 0)
            {
                entries.Add((row, column, coefficient));
            }
        }

        return row;
    }

    /// <summary>The row activities Ax of a candidate solution (for checking feasibility independently of the solver).</summary>
    public double[] RowActivity(IReadOnlyList<double> x)
    {
        var activity = new double[rows.Count];
        foreach (var (row, column, value) in entries)
        {
            activity[row] += value * x[column];
        }

        return activity;
    }
}
