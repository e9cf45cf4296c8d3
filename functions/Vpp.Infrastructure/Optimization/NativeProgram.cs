using Vpp.Application.Optimization;

namespace Vpp.Infrastructure.Optimization;

/// <summary>
/// A program as CLP's and CBC's loadProblem take it: the constraint matrix in compressed sparse column form, and the
/// column bounds, objective and row bounds as arrays.
/// </summary>
internal sealed record NativeProgram(
    int[] Start, int[] Index, double[] Value, double[] ColumnLower, double[] ColumnUpper, double[] Objective, double[] RowLower, double[] RowUpper)
{
    public static NativeProgram From(LinearProgram program)
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

        return new NativeProgram(counts, index, value,
            [.. program.Columns.Select(c => c.Lower)], [.. program.Columns.Select(c => c.Upper)], [.. program.Columns.Select(c => c.Objective)],
            [.. program.Rows.Select(r => r.Lower)], [.. program.Rows.Select(r => r.Upper)]);
    }
}
