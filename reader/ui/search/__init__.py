"""Search in the app: the bar typed into, the panel that answers, and the index behind it.

`bar.SearchBar` sits at the top of the main screen; `panel.SearchPanel` takes the article
list's place while searching and owns everything behind the results: the index (`index`,
loaded in a thread, searched under a lock), the search worker and the answer on screen
(`results.ResultList` showing an `Answer`: results and the query they answer). The main screen
hands the panel each query and opens what it chooses.
"""
