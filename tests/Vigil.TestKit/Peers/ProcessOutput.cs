using System.Diagnostics;
using System.Text;

namespace Vigil.TestKit.Peers;

/// <summary>Collects a child process's stdout and stderr lines, thread-safely, for assertions and failure messages.</summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder _text = new();

    /// <summary>Called for every line, on the reader thread.</summary>
    public event Action<string>? Line;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>Starts reading <paramref name="process"/>'s redirected stdout and stderr into this collector.</summary>
    public void Attach(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            _text.AppendLine(line);
        }

        Line?.Invoke(line);
    }
}
