/// Very common words of the languages feeds are mostly written in (folded). An alias made only of
/// these matches ordinary sentences; `WatchlistLint` warns about it.
enum CommonWords {
    static let all: Set<String> = Set("""
        a about after again against all also an and any are around as at back be because been before \
        being between both but by can could day did do does down during each even first for from get \
        had has have he her here him his how i if in into is it its just last like made make man many \
        may me more most much my new no not now of off on one only or other our out over own people \
        said same say says see she should since so some still such than that the their them then there \
        these they this those three through time to today two under up us very was way we well were \
        what when where which while who why will with world would year years you your \
        new news state states government minister president party group city country police army \
        war peace talks deal news report security forces north south east west central national \
        der die das und mit von zu den des dem ein eine ist im nicht auf für sich auch es an als \
        le la les de des du un une et en est pour pas que qui dans sur au par avec \
        el los las del y que en por con para una es al lo como \
        il di che non per con gli una
        """.split(separator: " ").map(String.init))
}
