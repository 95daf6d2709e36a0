"""placeholder"""
def run(url):
    pass
