using System.Globalization;
using System.Text;

namespace Vigil.Metrics.Instance;

/// <summary>
/// When an instance last truncated its WAL, kept in <c>&lt;instance dir&gt;/truncation</c> so the schedule survives
/// restarts. Grafana Agent restarts its timer with the process, so an agent restarted more often than
/// <c>wal_truncate_frequency</c> never truncates and fills its disk (grafana/agent#4805); here a truncation that is due
/// runs right after start.
/// </summary>
internal sealed class TruncationSchedule
{
    private readonly string _path;
    private readonly TimeSpan _frequency;
    private DateTimeOffset _last;

    public TruncationSchedule(string instanceDirectory, TimeSpan frequency, DateTimeOffset now)
    {
        _path = Path.Combine(instanceDirectory, "truncation");
        _frequency = frequency;
        _last = Read() ?? now;
        if (_last > now)
        {
            // A clock that went back must not postpone truncation for longer than one period.
            _last = now;
        }
    }

    public DateTimeOffset Last => _last;

    public DateTimeOffset NextDue => _last + _frequency;

    /// <summary>Records a truncation; a failed write only costs an early truncation after the next restart.</summary>
    public void Record(DateTimeOffset at)
    {
        _last = at;
        var tmp = _path + ".tmp";
        File.WriteAllText(tmp, at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "\n", Encoding.ASCII);
        File.Move(tmp, _path, overwrite: true);
    }

    private DateTimeOffset? Read()
    {
        string text;
        try
        {
            text = File.ReadAllText(_path, Encoding.ASCII).Trim();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        // A damaged file only means "unknown": truncate at the first due time from now.
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }
}
