print('late evaluated');
