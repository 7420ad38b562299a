using System.Text;
using Vigil.Common.Model;

namespace Vigil.Common.Tests.Model;

public sealed class StringInternerTests
{
    [Fact]
    public void Intern_SameBytes_SameInstance()
    {
        var interner = new StringInterner();
        var a = interner.Intern("node"u8);
        var b = interner.Intern(Encoding.UTF8.GetBytes("node"));
        Assert.Same(a, b);
        Assert.Same(a, interner.Intern(new string("node".ToCharArray())));
        Assert.Equal("node", a);
    }

    [Fact]
    public void Intern_LongUtf8_Decoded()
    {
        var interner = new StringInterner();
        var text = string.Concat(Enumerable.Repeat("ü", 1000));
        Assert.Equal(text, interner.Intern(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Intern_Full_ClearsAndStaysBounded()
    {
        var interner = new StringInterner(maxEntries: 4);
        for (var i = 0; i < 100; i++)
        {
            interner.Intern(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(interner.Count <= 4);
    }

    [Fact]
    public void Intern_HitFromBytes_DoesNotAllocate()
    {
        var interner = new StringInterner();
        var bytes = "instance"u8.ToArray();
        interner.Intern(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            interner.Intern(bytes);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
