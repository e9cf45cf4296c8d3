using Vpp.Application.Optimization;

namespace Vpp.Infrastructure.Optimization;

/// <summary>A program's constraint matrix in compressed sparse column form, as CLP's and CBC's loadProblem take it.</summary>
internal sealed record CompressedColumns(int[] Start, int[] Index, double[] Value)
{
    public static CompressedColumns From(LinearProgram program)
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

        return new CompressedColumns(counts, index, value);
    }
}
