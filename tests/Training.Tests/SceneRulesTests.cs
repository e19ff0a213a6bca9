using System.Text.Json;
using SparseVila.Training.Shapes;

namespace SparseVila.Training.Tests;

public sealed class SceneRulesTests
{
    [Fact]
    public void FourObjectsAtOnce_AreRefused()
    {
        var objects = new[] { GridCell.TopLeft, GridCell.Top, GridCell.TopRight, GridCell.Left }
            .Select((cell, id) => new ObjectTrack(id, ShapeKind.Circle, ShapeColor.Red, 0, 3, cell)).ToList();

        var error = Assert.Throws<InvalidSceneException>(() => new Scene(8, objects));
        Assert.Contains("4 objects are visible at 0 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoObjectsInOneCell_AreRefused_EvenWhenOneMovesThere()
    {
        ObjectTrack[] objects =
        [
            new(0, ShapeKind.Circle, ShapeColor.Red, 0, 8, GridCell.Center),
            new(1, ShapeKind.Square, ShapeColor.Blue, 0, 8, GridCell.Left, 5, GridCell.Center),
        ];

        var error = Assert.Throws<InvalidSceneException>(() => new Scene(8, objects));
        Assert.Contains("share a cell at 5 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectsInOneCellAtDifferentSeconds_AreAllowed()
    {
        var scene = new Scene(8,
        [
            new ObjectTrack(0, ShapeKind.Circle, ShapeColor.Red, 0, 4, GridCell.Center),
            new ObjectTrack(1, ShapeKind.Square, ShapeColor.Blue, 4, 8, GridCell.Center),
        ]);

        Assert.Equal(1, scene.At(4, GridCell.Center)!.Id);
        Assert.Equal(0, scene.At(3, GridCell.Center)!.Id);
    }

    [Theory]
    [InlineData(3, 3, null, null)]     // disappears when it appears
    [InlineData(-1, 3, null, null)]    // appears before the video
    [InlineData(0, 5, 0, GridCell.Top)]      // moves at its appearance
    [InlineData(0, 5, 5, GridCell.Top)]      // moves when it is gone
    [InlineData(0, 5, 2, GridCell.Center)]   // moves to its own cell
    [InlineData(0, 5, 2, null)]        // a move without a cell
    public void BrokenTimelines_AreRefused(int appearSecond, int disappearSecond, int? moveSecond, GridCell? movedToCell)
    {
        Assert.Throws<InvalidSceneException>(() =>
            new ObjectTrack(0, ShapeKind.Circle, ShapeColor.Red, appearSecond, disappearSecond, GridCell.Center, moveSecond, movedToCell));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(65)]
    public void Durations_OutsideEightToSixtyFourSeconds_AreRefused(int durationSeconds)
    {
        Assert.Throws<InvalidSceneException>(() => new Scene(durationSeconds, []));
    }

    [Fact]
    public void ObjectsOutlivingTheVideo_OrOutOfIdOrder_AreRefused()
    {
        Assert.Throws<InvalidSceneException>(() => new Scene(8, [new ObjectTrack(0, ShapeKind.Circle, ShapeColor.Red, 2, 9, GridCell.Center)]));
        Assert.Throws<InvalidSceneException>(() => new Scene(8, [new ObjectTrack(1, ShapeKind.Circle, ShapeColor.Red, 2, 5, GridCell.Center)]));
    }

    [Fact]
    public void SceneJson_UsesTheTaskWords_AndReadsBackEqual()
    {
        var scene = TestScenes.ThreeObjects();

        var json = ShapesJson.Serialize(scene);

        Assert.Contains("\"first_cell\":\"top left\"", json, StringComparison.Ordinal);
        Assert.Contains("\"moved_to_cell\":\"center\"", json, StringComparison.Ordinal);
        Assert.Contains("\"shape\":\"triangle\",\"color\":\"green\"", json, StringComparison.Ordinal);
        Assert.Contains("\"move_second\":null", json, StringComparison.Ordinal);
        Assert.Equal(scene, ShapesJson.Deserialize<Scene>(json));
    }

    [Fact]
    public void SceneJson_WithAnUnknownWord_OrABrokenRule_IsRefused()
    {
        var json = ShapesJson.Serialize(TestScenes.ThreeObjects());

        Assert.Throws<JsonException>(() => ShapesJson.Deserialize<Scene>(json.Replace("\"top left\"", "\"upper left\"", StringComparison.Ordinal)));
        Assert.Throws<InvalidSceneException>(() => ShapesJson.Deserialize<Scene>(json.Replace("\"bottom\"", "\"right\"", StringComparison.Ordinal)));
    }
}
