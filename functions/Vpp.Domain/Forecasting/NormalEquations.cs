using MathNet.Numerics.LinearAlgebra;

namespace Vpp.Domain.Forecasting;

/// <summary>
/// Least squares by accumulated normal equations (XᵀX, Xᵀy): adding a day of observations costs O(p²) per row, so a
/// rolling-origin backtest refits daily without rebuilding the design matrix. A small ridge keeps rank-deficient
/// designs (a month never seen, a weekday-hour with no data) solvable.
/// </summary>
public sealed class NormalEquations(int parameters, double ridgeFactor = 1e-7)
{
    private readonly Matrix<double> xtx = Matrix<double>.Build.Dense(parameters, parameters);
    private readonly Vector<double> xty = Vector<double>.Build.Dense(parameters);

    public int Rows { get; private set; }

    public void Add(ReadOnlySpan<double> row, double y)
    {
        var p = row.Length;
        for (var i = 0; i < p; i++)
        {
            var ri = row[i];
            if (ri == 0)
            {
                continue;
            }

            xty[i] += ri * y;
            for (var j = i; j < p; j++)
            {
                if (row[j] != 0)
                {
                    xtx[i, j] += ri * row[j];
                }
            }
        }

        Rows++;
    }

    public double[] Solve()
    {
        var p = xty.Count;
        var a = xtx.Clone();
        var trace = 0.0;
        for (var i = 0; i < p; i++)
        {
            trace += a[i, i];
            for (var j = i + 1; j < p; j++)
            {
                a[j, i] = a[i, j];
            }
        }

        var ridge = Math.Max(1e-9, ridgeFactor * trace / p);
        for (var i = 0; i < p; i++)
        {
            a[i, i] += ridge;
        }

        return a.Cholesky().Solve(xty).ToArray();
    }
}
